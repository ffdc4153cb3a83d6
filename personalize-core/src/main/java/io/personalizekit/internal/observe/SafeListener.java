package io.personalizekit.internal.observe;

import io.personalizekit.cache.FetchSummary;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CircuitStateEvent;
import io.personalizekit.observe.DeliveryEvent;
import io.personalizekit.observe.FetchItemEvent;
import io.personalizekit.observe.FetchProgressEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.observe.WaitEvent;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a user's listener so that nothing it throws reaches the toolkit's caller: each exception is caught and
 * logged, at WARN the first time per event kind, then at DEBUG. A {@link VirtualMachineError} is not caught.
 */
public final class SafeListener implements PersonalizeKitListener {
    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final PersonalizeKitListener delegate;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private SafeListener(PersonalizeKitListener delegate) {
        this.delegate = delegate;
    }

    /**
     * Wraps a listener; {@link PersonalizeKitListener#NONE}, an already wrapped listener and a {@link CompositeListener} (whose
     * listeners are wrapped each) come back as they are,
     * so callers can skip building events when the result is {@code NONE}.
     *
     * @param listener the user's listener
     * @return a listener that never throws
     */
    public static PersonalizeKitListener wrap(PersonalizeKitListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listener == PersonalizeKitListener.NONE
                || listener instanceof SafeListener
                || listener instanceof CompositeListener) {
            return listener;
        }
        return new SafeListener(listener);
    }

    private <E> void deliver(String method, Consumer<E> call, E event) {
        try {
            call.accept(event);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            if (warned.add(method)) {
                log.warn(
                        "Listener {} threw from {}; ignored (further failures of {} are logged at DEBUG)",
                        delegate,
                        method,
                        method,
                        t);
            } else {
                log.debug("Listener {} threw from {} again: {}", delegate, method, t.toString());
            }
        }
    }

    @Override
    public void onCacheRequest(CacheRequestEvent event) {
        deliver("onCacheRequest", delegate::onCacheRequest, event);
    }

    @Override
    public void onLiveCall(LiveCallEvent event) {
        deliver("onLiveCall", delegate::onLiveCall, event);
    }

    @Override
    public void onLiveCallRejected(LiveCallRejectedEvent event) {
        deliver("onLiveCallRejected", delegate::onLiveCallRejected, event);
    }

    @Override
    public void onCircuitStateChanged(CircuitStateEvent event) {
        deliver("onCircuitStateChanged", delegate::onCircuitStateChanged, event);
    }

    @Override
    public void onFetchItem(FetchItemEvent event) {
        deliver("onFetchItem", delegate::onFetchItem, event);
    }

    @Override
    public void onFetchProgress(FetchProgressEvent event) {
        deliver("onFetchProgress", delegate::onFetchProgress, event);
    }

    @Override
    public void onFetchCompleted(FetchSummary summary) {
        deliver("onFetchCompleted", delegate::onFetchCompleted, summary);
    }

    @Override
    public void onWaitCompleted(WaitEvent event) {
        deliver("onWaitCompleted", delegate::onWaitCompleted, event);
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        deliver("onDelivery", delegate::onDelivery, event);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}

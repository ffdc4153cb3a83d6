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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tells several listeners of each event, in the order given. Each is wrapped in a {@link SafeListener}, so one that
 * throws neither stops the others nor reaches the caller. Immutable and thread-safe when its listeners are.
 */
public final class CompositeListener implements PersonalizeKitListener {
    private final List<PersonalizeKitListener> listeners;

    private CompositeListener(List<PersonalizeKitListener> listeners) {
        this.listeners = listeners;
    }

    /**
     * Combines listeners: {@link PersonalizeKitListener#NONE}s are dropped; none left gives {@code NONE}, one gives
     * that listener itself, more give a composite.
     *
     * @param listeners the listeners, in the order they are told of each event
     * @return a listener telling each of them
     * @throws NullPointerException if {@code listeners} or one of them is null
     */
    public static PersonalizeKitListener of(List<PersonalizeKitListener> listeners) {
        List<PersonalizeKitListener> kept = new ArrayList<>(listeners.size());
        for (PersonalizeKitListener l : listeners) {
            Objects.requireNonNull(l, "listener");
            if (l instanceof CompositeListener c) {
                kept.addAll(c.listeners);
            } else if (l != PersonalizeKitListener.NONE) {
                kept.add(l);
            }
        }
        if (kept.isEmpty()) {
            return PersonalizeKitListener.NONE;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        return new CompositeListener(kept.stream().map(SafeListener::wrap).toList());
    }

    @Override
    public void onCacheRequest(CacheRequestEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onCacheRequest(event);
        }
    }

    @Override
    public void onLiveCall(LiveCallEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onLiveCall(event);
        }
    }

    @Override
    public void onLiveCallRejected(LiveCallRejectedEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onLiveCallRejected(event);
        }
    }

    @Override
    public void onCircuitStateChanged(CircuitStateEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onCircuitStateChanged(event);
        }
    }

    @Override
    public void onFetchItem(FetchItemEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onFetchItem(event);
        }
    }

    @Override
    public void onFetchProgress(FetchProgressEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onFetchProgress(event);
        }
    }

    @Override
    public void onFetchCompleted(FetchSummary summary) {
        for (PersonalizeKitListener l : listeners) {
            l.onFetchCompleted(summary);
        }
    }

    @Override
    public void onWaitCompleted(WaitEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onWaitCompleted(event);
        }
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        for (PersonalizeKitListener l : listeners) {
            l.onDelivery(event);
        }
    }

    @Override
    public String toString() {
        return "CompositeListener" + listeners;
    }
}

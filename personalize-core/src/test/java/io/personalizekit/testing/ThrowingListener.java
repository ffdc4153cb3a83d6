package io.personalizekit.testing;

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
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that throws from every method (alternately a RuntimeException and an Error), counting its calls. */
public final class ThrowingListener implements PersonalizeKitListener {
    public final AtomicInteger calls = new AtomicInteger();

    private void fail(String method) {
        if (calls.incrementAndGet() % 2 == 0) {
            throw new AssertionError("listener broken in " + method);
        }
        throw new IllegalStateException("listener broken in " + method);
    }

    @Override
    public void onCacheRequest(CacheRequestEvent event) {
        fail("onCacheRequest");
    }

    @Override
    public void onLiveCall(LiveCallEvent event) {
        fail("onLiveCall");
    }

    @Override
    public void onLiveCallRejected(LiveCallRejectedEvent event) {
        fail("onLiveCallRejected");
    }

    @Override
    public void onCircuitStateChanged(CircuitStateEvent event) {
        fail("onCircuitStateChanged");
    }

    @Override
    public void onFetchItem(FetchItemEvent event) {
        fail("onFetchItem");
    }

    @Override
    public void onFetchProgress(FetchProgressEvent event) {
        fail("onFetchProgress");
    }

    @Override
    public void onFetchCompleted(FetchSummary summary) {
        fail("onFetchCompleted");
    }

    @Override
    public void onWaitCompleted(WaitEvent event) {
        fail("onWaitCompleted");
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        fail("onDelivery");
    }
}

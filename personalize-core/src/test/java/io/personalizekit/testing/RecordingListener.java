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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event it is told of, per kind, in arrival order. Thread-safe. */
public final class RecordingListener implements PersonalizeKitListener {
    public final List<CacheRequestEvent> cacheRequests = new CopyOnWriteArrayList<>();
    public final List<LiveCallEvent> liveCalls = new CopyOnWriteArrayList<>();
    public final List<LiveCallRejectedEvent> rejections = new CopyOnWriteArrayList<>();
    public final List<CircuitStateEvent> circuits = new CopyOnWriteArrayList<>();
    public final List<FetchItemEvent> fetchItems = new CopyOnWriteArrayList<>();
    public final List<FetchProgressEvent> fetchProgress = new CopyOnWriteArrayList<>();
    public final List<FetchSummary> fetchRuns = new CopyOnWriteArrayList<>();
    public final List<WaitEvent> waits = new CopyOnWriteArrayList<>();
    public final List<DeliveryEvent> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void onCacheRequest(CacheRequestEvent event) {
        cacheRequests.add(event);
    }

    @Override
    public void onLiveCall(LiveCallEvent event) {
        liveCalls.add(event);
    }

    @Override
    public void onLiveCallRejected(LiveCallRejectedEvent event) {
        rejections.add(event);
    }

    @Override
    public void onCircuitStateChanged(CircuitStateEvent event) {
        circuits.add(event);
    }

    @Override
    public void onFetchItem(FetchItemEvent event) {
        fetchItems.add(event);
    }

    @Override
    public void onFetchProgress(FetchProgressEvent event) {
        fetchProgress.add(event);
    }

    @Override
    public void onFetchCompleted(FetchSummary summary) {
        fetchRuns.add(summary);
    }

    @Override
    public void onWaitCompleted(WaitEvent event) {
        waits.add(event);
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        deliveries.add(event);
    }
}

package io.workshopstate.command.session;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineCacheTest {

    private final List<String> notified = new ArrayList<>();

    private Cache cache(long maxEntries) {
        Cache cache = new CaffeineCache(Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build());
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                notified.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                notified.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                notified.add("removed " + key);
            }
        });
        return cache;
    }

    @Test
    void keepsWhatIsPutUntilItIsRemoved() {
        Cache cache = cache(10);

        cache.put("a", "first");
        cache.put("a", "second");
        assertThat(cache.<String, String>get("a")).isEqualTo("second");
        assertThat(cache.putIfAbsent("a", "third")).isFalse();
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();

        assertThat(cache.containsKey("a")).isFalse();
        assertThat(notified).containsExactly("created a", "updated a", "removed a");
    }

    @Test
    void computesOnlyWhatIsMissingAndRemovesWhatAnUpdateEmpties() {
        Cache cache = cache(10);

        assertThat(cache.computeIfAbsent("a", () -> "made")).isEqualTo("made");
        assertThat(cache.computeIfAbsent("a", () -> "made again")).isEqualTo("made");
        cache.computeIfPresent("a", value -> value + " and changed");
        assertThat(cache.<String, String>get("a")).isEqualTo("made and changed");
        cache.computeIfPresent("a", value -> null);

        assertThat(cache.containsKey("a")).isFalse();
        assertThat(notified).containsExactly("created a", "updated a", "removed a");
    }

    @Test
    void holdsNoMoreThanItsLimit() {
        Cache cache = cache(2);

        for (int key = 0; key < 50; key++) {
            cache.put(key, "session " + key);
        }

        long kept = IntStream.range(0, 50).filter(cache::containsKey).count();
        assertThat(kept).isLessThanOrEqualTo(2);
    }
}

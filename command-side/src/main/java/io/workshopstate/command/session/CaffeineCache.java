package io.workshopstate.command.session;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Axon's {@link Cache} over a Caffeine cache, which decides what to keep (size, expiry, soft values).
 */
final class CaffeineCache implements Cache {

    private final ConcurrentMap<Object, Object> entries;
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

    CaffeineCache(com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
        this.entries = cache.asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value = (V) entries.get(Objects.requireNonNull(key, "key"));
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        Objects.requireNonNull(value, "value");
        if (entries.put(key, value) == null) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Objects.requireNonNull(value, "value");
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object existing = entries.get(key);
        if (existing != null) {
            return (T) existing;
        }
        T value = Objects.requireNonNull(valueSupplier.get(), () -> "no value for " + key);
        put(key, value);
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, current) -> {
            V updated = update.apply((V) current);
            if (updated == null) {
                listeners.forEach(listener -> listener.onEntryRemoved(key));
            } else {
                listeners.forEach(listener -> listener.onEntryUpdated(key, updated));
            }
            return updated;
        });
    }

    @Override
    public boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(Objects.requireNonNull(key, "key"));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class GroupWriteTest {

    @Test
    void concurrentCallersAreWrittenTogetherEachOnceAndGetTheirOwnResults() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writes = new AtomicInteger();
        GroupWrite<String, String> group = new GroupWrite<>(100, items -> {
            writes.incrementAndGet();
            written.addAll(items);
            return items.stream().map(i -> "ok:" + i).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<List<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<String> mine = List.of("a" + i, "b" + i);
            answers.add(pool.submit(() -> group.write(mine)));
        }
        for (int i = 0; i < 500; i++) {
            assertThat(answers.get(i).get()).containsExactly("ok:a" + i, "ok:b" + i);
        }
        pool.shutdown();

        assertThat(written).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(writes.get()).isPositive();
    }

    @Test
    void aFailedWriteIsThrownToEveryCallerInIt() {
        GroupWrite<String, String> group = new GroupWrite<>(100, items -> {
            throw new IllegalStateException("store down");
        });

        assertThatThrownBy(() -> group.write(List.of("x"))).isInstanceOf(IllegalStateException.class).hasMessage("store down");
    }
}

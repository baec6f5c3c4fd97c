package io.workshopstate.command.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongListTest {

    @Test
    void keepsWhatIsAddedInOrderAsItGrows() {
        LongList list = new LongList();
        for (long value = 1; value <= 100; value++) {
            list.add(value * 10);
        }

        assertThat(list.size()).isEqualTo(100);
        assertThat(list.get(0)).isEqualTo(10);
        assertThat(list.last()).isEqualTo(1000);
        assertThat(list.get(36)).isEqualTo(370);
    }

    @Test
    void removingTheLastAndClearingShortenIt() {
        LongList list = new LongList(new long[]{1, 2, 3});

        list.removeLast();

        assertThat(list.toArray()).containsExactly(1, 2);
        list.clear();
        assertThat(list.isEmpty()).isTrue();
        assertThatThrownBy(list::last).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(list::removeLast).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void listsWithTheSameValuesAreEqualWhateverTheirSpareRoom() {
        LongList grown = new LongList();
        grown.add(4);
        grown.add(5);
        grown.add(6);
        grown.removeLast();

        assertThat(grown).isEqualTo(new LongList(new long[]{4, 5})).hasSameHashCodeAs(new LongList(new long[]{4, 5}));
        assertThat(grown).isNotEqualTo(new LongList(new long[]{4, 5, 6}));
    }

    @Test
    void isStoredAsAJsonArrayOfItsValues() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        LongList list = new LongList();
        list.add(3);
        list.add(5);
        list.add(8);

        String json = mapper.writeValueAsString(list);

        assertThat(json).isEqualTo("[3,5,8]");
        assertThat(mapper.readValue(json, LongList.class)).isEqualTo(list);
    }
}

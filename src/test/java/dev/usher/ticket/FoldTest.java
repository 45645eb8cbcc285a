package dev.usher.ticket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FoldTest {
    @Test
    void accents_and_case_fold_away() {
        assertThat(Fold.text("François")).isEqualTo("francois");
        assertThat(Fold.text("Renée Dubois")).isEqualTo("renee dubois");
        assertThat(Fold.text("Zoë")).isEqualTo("zoe");
        assertThat(Fold.text("RENÉE")).isEqualTo("renee");
    }

    @Test
    void letters_of_their_own_are_spelled_in_latin() {
        assertThat(Fold.text("Weiß")).isEqualTo("weiss");
        assertThat(Fold.text("Æsa Øster")).isEqualTo("aesa oster");
        assertThat(Fold.text("Łukasz Đorđević")).isEqualTo("lukasz dordevic");
        assertThat(Fold.text("Þóra Œuvre")).isEqualTo("thora oeuvre");
    }

    @Test
    void the_same_letter_typed_two_ways_folds_alike() {
        assertThat(Fold.text("Rene\u0301e")).isEqualTo(Fold.text("Ren\u00e9e"));
        assertThat(Fold.text("ﬁona")).isEqualTo("fiona");
    }

    @Test
    void punctuation_becomes_single_spaces_and_apostrophes_vanish() {
        assertThat(Fold.text("  Jean-Luc   O'Brien ")).isEqualTo("jean luc obrien");
        assertThat(Fold.text("renee.dubois@example.co.uk")).isEqualTo("renee dubois example co uk");
        assertThat(Fold.text("%%%")).isEmpty();
        assertThat(Fold.text(null)).isEmpty();
    }

    @Test
    void other_scripts_keep_their_letters() {
        assertThat(Fold.text("Иван Петров")).isEqualTo("иван петров");
        assertThat(Fold.text("山田 太郎")).isEqualTo("山田 太郎");
    }

    @Test
    void words_are_distinct_and_in_order() {
        assertThat(Fold.words("Anna Anna-Lena anna@example.com")).containsExactly("anna", "lena", "example", "com");
    }
}

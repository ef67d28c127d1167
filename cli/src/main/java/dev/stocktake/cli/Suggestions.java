package dev.stocktake.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names closest to a mistyped one, for "did you mean": by optimal-string-alignment distance (a letter left out,
 * added, changed, or two swapped each count one), at most a third of the name's length and never more than 2
 * (nor the whole name: {@code -x} is not a typo of {@code -e}).
 */
final class Suggestions {

    private Suggestions() {
    }

    /** Up to three of {@code names} closest to {@code typed}, closest first; empty when none is close. */
    static List<String> closest(String typed, Collection<String> names) {
        int limit = Math.min(2, Math.max(1, strip(typed).length() / 3));
        return names.stream()
                .filter(name -> distance(strip(typed), strip(name)) <= limit
                        && distance(strip(typed), strip(name)) < strip(name).length())
                .sorted(Comparator.comparingInt((String name) -> distance(strip(typed), strip(name)))
                        .thenComparing(Comparator.naturalOrder()))
                .distinct()
                .limit(3)
                .toList();
    }

    /** The name without its leading dashes: {@code --dta} is one letter from {@code --data}, not a third of it. */
    private static String strip(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '-') {
            start++;
        }
        return name.substring(start);
    }

    /** Optimal string alignment distance (Levenshtein plus the swap of two neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package io.personalizekit.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Planted data for Trending-Now: over 10 days, 5 {@code steady-*} items get 24 interactions a day each (one an hour,
 * 1,200 in all) and 3 {@code rising-*} items none for 8 days, then a few on day 9 and many on day 10
 * ({@code rising-0} the most). 240 users, each with several interactions.
 */
public final class TrendingData {
    /** The first interaction's timestamp. */
    public static final long START = 1_700_000_000L;

    static final long HOUR = 3_600;

    private TrendingData() {}

    /**
     * The interactions.
     *
     * @return USER_ID, ITEM_ID, TIMESTAMP rows, in time order per item
     */
    public static String[][] rows() {
        List<String[]> rows = new ArrayList<>();
        int user = 0;
        for (int day = 0; day < 10; day++) {
            for (int h = 0; h < 24; h++) {
                long ts = START + (day * 24L + h) * HOUR;
                for (int s = 0; s < 5; s++) {
                    rows.add(new String[] {"user-" + (user++ % 240), "steady-" + s, String.valueOf(ts + s)});
                }
            }
        }
        int[][] risingPerHour = {{0, 1, 2}, {1, 2, 3}};
        for (int r = 0; r < 3; r++) {
            for (int day = 8; day < 10; day++) {
                int perHour = risingPerHour[day - 8][2 - r];
                for (int h = 0; h < 24; h++) {
                    for (int k = 0; k < perHour; k++) {
                        long ts = START + (day * 24L + h) * HOUR + 10 + k;
                        rows.add(new String[] {"user-" + (user++ % 240), "rising-" + r, String.valueOf(ts)});
                    }
                }
            }
        }
        return rows.toArray(new String[0][]);
    }

    /**
     * The interactions as a CSV with {@code USER_ID,ITEM_ID,TIMESTAMP}.
     *
     * @return the CSV
     */
    public static String csv() {
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (String[] r : rows()) {
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append('\n');
        }
        return sb.toString();
    }
}

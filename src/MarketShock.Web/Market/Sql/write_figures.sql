-- Computes the figures of every changed series from its first changed date (rows before it are kept), in one statement:
-- each row's own figures, from its series' earlier rows only. The figures are stored in the price rows themselves (see
-- DailyPriceConfiguration), so that an import writes each company-day once. The earliest share count also stands for the
-- days before it, which are marked approximate. Nothing here looks along the rest of the series: the ranks, worst-since,
-- the recovery and the open drawdown are computed on read (the view daily_move_history), so a new day writes its own row
-- and no stored one.
--
-- ShockAnalytics fills in where the rows come from, how many a series has, and where the figures go (the three placeholders):
-- - a correction (a file with days already stored): the stored price rows from each series' first changed date, whose
--   figures are updated where they differ (a redone row that comes out the same is not written);
-- - new days (every staged row after its company's stored ones: a first load, a daily update): the staged rows, inserted
--   with their figures;
-- - a full recomputation: every stored price row, inserted with its figures into the new table that replaces daily_prices.
-- It adds the dates it writes to changed_dates and returns how many rows it wrote.
--
-- σ_t is the sample standard deviation of the ranked changes among the 250 rows before t. Each row stores the count, the
-- sum and the sum of squares of its series' ranked changes up to and including itself (running_*, exact in numeric), so
-- the window's are the differences of two rows' running figures: the row before t and the row 251 before it. A series
-- redone from a date reads the stored rows it needs before that date, the one before it and the ones that leave the
-- windows of its new rows (one for one new day), rather than its last 250 rows.
--
-- Every stored series is read by a lateral look-up along the primary key: a join of all the changed series to the table
-- would let the planner scan it whole, which is most of the time of a daily update.
WITH series_start AS MATERIALIZED (
    SELECT c.company_id, c.from_date,
           ({NewRows})::int AS new_rows
    FROM changed_series c),
-- The stored rows before the first changed date that the new rows need, numbered back from it: the row just before it
-- (back 1), whose running figures the new rows continue, and the rows that leave the windows of the new rows (row j of
-- k new rows, from 1, leaves out back 252 − j while there is one: backs 252 − k to 251).
stored AS (
    SELECT s.company_id, s.new_rows, m.*
    FROM series_start s
    CROSS JOIN LATERAL (
        SELECT e.back, d.date, d.close, d.shares, d.shares_approximate, d.running_count, d.running_sum, d.running_sum_of_squares
        FROM (SELECT p.date, row_number() OVER (ORDER BY p.date DESC) AS back
              FROM daily_prices p WHERE p.company_id = s.company_id AND p.date < s.from_date
              ORDER BY p.date DESC LIMIT {VolatilityWindow} + 1) e
        JOIN daily_prices d ON d.company_id = s.company_id AND d.date = e.date
        WHERE e.back = 1 OR e.back > {VolatilityWindow} + 1 - s.new_rows
        OFFSET 0) m),
share_counts AS (
    SELECT o.company_id, o.shares, o.date AS observed,
           CASE WHEN lag(o.date) OVER w IS NULL THEN '-infinity' ELSE o.date END AS valid_from,
           coalesce(lead(o.date) OVER w, 'infinity') AS valid_to
    FROM shares_outstanding o JOIN changed_series c ON c.company_id = o.company_id
    WINDOW w AS (PARTITION BY o.company_id ORDER BY o.date)),
-- The stored rows (back ≥ 1) and the new rows (back 0), in date order.
rows AS (
    SELECT company_id, new_rows, back, date, NULL::numeric AS open, NULL::numeric AS high, NULL::numeric AS low, close,
           NULL::numeric AS adjusted_close, NULL::bigint AS volume, shares, shares_approximate, false AS split_recorded,
           running_count, running_sum, running_sum_of_squares
    FROM stored
    UNION ALL
    SELECT p.company_id, s.new_rows, 0, p.date, p.open, p.high, p.low, p.close, p.adjusted_close, p.volume,
           o.shares, p.date < o.observed, sp.date IS NOT NULL, NULL, NULL, NULL
    FROM {SeriesRows}
    LEFT JOIN share_counts o ON o.company_id = p.company_id AND p.date >= o.valid_from AND p.date < o.valid_to
    LEFT JOIN splits sp ON sp.company_id = p.company_id AND sp.date = p.date),
series AS (
    SELECT *, lag(date) OVER w AS previous_date, lag(close) OVER w AS previous_close,
           lag(shares) OVER w AS previous_shares, lag(shares_approximate) OVER w AS previous_approximate
    FROM rows
    WINDOW w AS (PARTITION BY company_id ORDER BY date)
    OFFSET 0),
moves AS (
    -- At a fixed 20 decimal places: PostgreSQL picks a division's precision from its operands, so equal ratios of
    -- different closes could differ in their last digits and no longer tie in the ranks.
    SELECT *, CASE WHEN back = 0 THEN round(close, 20) / previous_close - 1 END AS exact_change,
           (close - previous_close) * previous_shares AS market_cap_change,
           coalesce(date - previous_date > {MaxCalendarDaysBetweenSessions}, false) AS after_gap,
           -- The rule of StagedRows.IsSplitSized, on a day without a recorded split: the close moved by at least the smallest
           -- ratio less its tolerance, either way, and then within the tolerance of a common ratio R (the nearest whole number,
           -- since the tolerance is under half of 1 / R).
           CASE WHEN back > 0 OR previous_close IS NULL OR split_recorded THEN false
                WHEN previous_close >= {SplitMinimum} * close
                    THEN round(previous_close / close) = ANY ('{SplitRatios}'::numeric[])
                         AND abs(previous_close / close / round(previous_close / close) - 1) <= {SplitTolerance}
                WHEN close >= {SplitMinimum} * previous_close
                    THEN round(close / previous_close) = ANY ('{SplitRatios}'::numeric[])
                         AND abs(close / previous_close / round(close / previous_close) - 1) <= {SplitTolerance}
                ELSE false
           END AS suspected_split
    FROM series
    OFFSET 0),
ranked_moves AS (
    SELECT *, exact_change IS NOT NULL AND NOT after_gap AND NOT suspected_split AS ranked FROM moves OFFSET 0),
-- Each row's running figures: a stored row's own; a new row's are those of the row before it plus its change when ranked.
running AS (
    SELECT *,
           CASE WHEN back > 0 THEN running_count ELSE sum(CASE WHEN back = 1 THEN running_count WHEN ranked THEN 1 ELSE 0 END) OVER upto END
               AS count_to_date,
           CASE WHEN back > 0 THEN running_sum ELSE sum(CASE WHEN back = 1 THEN running_sum WHEN ranked THEN exact_change ELSE 0 END) OVER upto END
               AS sum_to_date,
           CASE WHEN back > 0 THEN running_sum_of_squares
                ELSE sum(CASE WHEN back = 1 THEN running_sum_of_squares WHEN ranked THEN exact_change * exact_change ELSE 0 END) OVER upto END
               AS sum_of_squares_to_date
    FROM ranked_moves
    WINDOW upto AS (PARTITION BY company_id ORDER BY date ROWS UNBOUNDED PRECEDING)
    OFFSET 0),
-- The window of row t: the running figures of the row before it less those of the row 251 before it in the full series.
-- Between the two, the rows read here are the new rows before t, back 1 and the stored rows that leave later windows: the
-- row 251 before t is min(k + 1, 251) rows back, k the series' new rows (none there: t is among the series' first 251 rows).
windows AS (
    SELECT *,
           coalesce(lag(count_to_date) OVER w, 0) - coalesce(lag(count_to_date, least(new_rows + 1, {VolatilityWindow} + 1)) OVER w, 0)
               AS sample,
           coalesce(lag(sum_to_date) OVER w, 0) - coalesce(lag(sum_to_date, least(new_rows + 1, {VolatilityWindow} + 1)) OVER w, 0)
               AS window_sum,
           coalesce(lag(sum_of_squares_to_date) OVER w, 0)
               - coalesce(lag(sum_of_squares_to_date, least(new_rows + 1, {VolatilityWindow} + 1)) OVER w, 0)
               AS window_sum_of_squares
    FROM running
    WINDOW w AS (PARTITION BY company_id ORDER BY date)
    OFFSET 0),
measured AS (
    -- The sample standard deviation from the same exact sums as stddev_samp, in float8 from the exact numerator on: a square
    -- root in numeric, at the sums' 40 decimal places, took a fifth of the statement's time.
    SELECT *, CASE WHEN sample >= {MinimumVolatilitySample}
                   THEN sqrt((sample * window_sum_of_squares - window_sum * window_sum)::float8 / (sample * (sample - 1))) END AS volatility
    FROM windows
    WHERE back = 0
    OFFSET 0),
figures AS (
    SELECT m.company_id, m.date, m.open, m.high, m.low, m.close, m.adjusted_close, m.volume,
           m.previous_date, m.previous_close, m.exact_change::float8 AS change, m.after_gap, m.suspected_split, m.ranked,
           m.shares, coalesce(m.shares_approximate, false) AS shares_approximate, m.previous_shares, m.market_cap_change,
           coalesce(m.previous_approximate, false) AS market_cap_approximate, m.volatility,
           CASE WHEN m.volatility > 0 AND m.ranked THEN m.exact_change::float8 / m.volatility END AS z_score,
           m.count_to_date AS running_count, m.sum_to_date AS running_sum, m.sum_of_squares_to_date AS running_sum_of_squares
    FROM measured m),
written AS (
{Write}
    RETURNING date),
-- The dates whose market days change, as the figures are written: reading them back from the table afterwards took
-- minutes for a whole market, its new rows not yet all-visible to an index-only scan.
dates AS (
    INSERT INTO changed_dates SELECT DISTINCT date FROM written)
SELECT count(*) FROM written

-- Writes the moves of every changed series from its first changed date (rows before it are kept), in one statement:
-- each row's own figures, from its series' earlier rows only. Each series is read from 251 rows before its first
-- changed date, enough for σ's 250 earlier changes. The earliest share count also stands for the days before it,
-- which are marked approximate. Nothing here looks along the rest of the series: the ranks, worst-since, the recovery
-- and the open drawdown are computed on read (the view daily_move_history), so a new day writes its own row and no
-- stored one, and an import writes each row once.
WITH series_start AS MATERIALIZED (
    SELECT c.company_id, c.from_date,
           coalesce((SELECT p.date FROM daily_prices p WHERE p.company_id = c.company_id AND p.date < c.from_date
                     ORDER BY p.date DESC OFFSET {VolatilityWindow} LIMIT 1), '-infinity') AS read_from
    FROM changed_series c),
share_counts AS (
    SELECT o.company_id, o.shares, o.date AS observed,
           CASE WHEN lag(o.date) OVER w IS NULL THEN '-infinity' ELSE o.date END AS valid_from,
           coalesce(lead(o.date) OVER w, 'infinity') AS valid_to
    FROM shares_outstanding o JOIN changed_series c ON c.company_id = o.company_id
    WINDOW w AS (PARTITION BY o.company_id ORDER BY o.date)),
series AS (
    SELECT p.company_id, p.date, p.close, s.from_date,
           lag(p.date) OVER w AS previous_date, lag(p.close) OVER w AS previous_close,
           o.shares, p.date < o.observed AS shares_approximate,
           lag(o.shares) OVER w AS previous_shares, lag(p.date < o.observed) OVER w AS previous_approximate,
           sp.date IS NOT NULL AS split_recorded
    FROM series_start s
    JOIN daily_prices p ON p.company_id = s.company_id AND p.date >= s.read_from
    LEFT JOIN share_counts o ON o.company_id = p.company_id AND p.date >= o.valid_from AND p.date < o.valid_to
    LEFT JOIN splits sp ON sp.company_id = p.company_id AND sp.date = p.date
    WINDOW w AS (PARTITION BY p.company_id ORDER BY p.date)),
moves AS (
    -- At a fixed 20 decimal places: PostgreSQL picks a division's precision from its operands, so equal ratios of
    -- different closes could differ in their last digits and no longer tie in the ranks.
    SELECT *, round(close, 20) / previous_close - 1 AS exact_change,
           (close - previous_close) * previous_shares AS market_cap_change,
           coalesce(date - previous_date > {MaxCalendarDaysBetweenSessions}, false) AS after_gap,
           -- The rule of StagedRows.IsSplitSized, on a day without a recorded split: the close moved by at least the smallest
           -- ratio less its tolerance, either way, and then within the tolerance of a common ratio R (the nearest whole number,
           -- since the tolerance is under half of 1 / R). No subquery here: one in σ's argument below would make PostgreSQL
           -- re-add the 250 rows of every frame instead of dropping the row that leaves it.
           CASE WHEN previous_close IS NULL OR split_recorded THEN false
                WHEN previous_close >= {SplitMinimum} * close
                    THEN round(previous_close / close) = ANY ('{SplitRatios}'::numeric[])
                         AND abs(previous_close / close / round(previous_close / close) - 1) <= {SplitTolerance}
                WHEN close >= {SplitMinimum} * previous_close
                    THEN round(close / previous_close) = ANY ('{SplitRatios}'::numeric[])
                         AND abs(close / previous_close / round(close / previous_close) - 1) <= {SplitTolerance}
                ELSE false
           END AS suspected_split
    FROM series),
measured AS (
    -- σ in numeric rather than float8: its window aggregate drops the row leaving the frame instead of re-adding 250 rows.
    SELECT *, exact_change IS NOT NULL AND NOT after_gap AND NOT suspected_split AS ranked,
           stddev_samp(CASE WHEN NOT after_gap AND NOT suspected_split THEN exact_change END) OVER last_250 AS volatility,
           count(CASE WHEN NOT after_gap AND NOT suspected_split THEN exact_change END) OVER last_250 AS sample
    FROM moves
    WINDOW last_250 AS (PARTITION BY company_id ORDER BY date ROWS BETWEEN {VolatilityWindow} PRECEDING AND 1 PRECEDING))
INSERT INTO daily_moves (company_id, date, close, previous_date, previous_close, change, after_gap, suspected_split, ranked,
                         shares, shares_approximate, market_cap, market_cap_before, market_cap_change, market_cap_approximate,
                         volatility, z_score)
SELECT m.company_id, m.date, m.close, m.previous_date, m.previous_close, m.exact_change::float8, m.after_gap, m.suspected_split, m.ranked,
       m.shares, coalesce(m.shares_approximate, false),
       m.close * m.shares, m.previous_close * m.previous_shares, m.market_cap_change, coalesce(m.previous_approximate, false),
       CASE WHEN m.sample >= {MinimumVolatilitySample} THEN m.volatility::float8 END,
       CASE WHEN m.sample >= {MinimumVolatilitySample} AND m.volatility > 0 AND m.ranked THEN (m.exact_change / m.volatility)::float8 END
FROM measured m
WHERE m.date >= m.from_date

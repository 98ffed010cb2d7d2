-- For series written from a later date than their first (new days, corrections): ranks compare every day of a
-- series, so they are redone for the whole of it, writing only the rows whose figures moved. Worst-since looks
-- back, so the rows kept need none; recovery looks forward, so the kept down days not recovered before the
-- changed date are looked at again, and every open drawdown is measured against the new latest close.
WITH ranked AS (
    SELECT m.company_id, m.date, m.change, m.previous_close, c.from_date,
           m.rank_by_change AS stored_rank_by_change, m.rank_by_loss AS stored_rank_by_loss,
           m.recovery_date AS stored_recovery_date, m.recovery_days AS stored_recovery_days, m.open_drawdown AS stored_open_drawdown,
           CASE WHEN ranked_by_change THEN rank() OVER (PARTITION BY m.company_id, ranked_by_change ORDER BY m.change)::int END AS rank_by_change,
           CASE WHEN ranked_by_loss THEN rank() OVER (PARTITION BY m.company_id, ranked_by_loss ORDER BY m.market_cap_change)::int END AS rank_by_loss
    FROM daily_moves m JOIN changed_series c ON c.company_id = m.company_id AND NOT c.whole_series
    CROSS JOIN LATERAL (VALUES (m.change IS NOT NULL AND NOT m.after_gap,
                                m.market_cap_change IS NOT NULL AND NOT m.after_gap)) AS r(ranked_by_change, ranked_by_loss)),
latest AS (
    SELECT c.company_id, l.close FROM changed_series c
    CROSS JOIN LATERAL (SELECT close FROM daily_moves WHERE company_id = c.company_id ORDER BY date DESC LIMIT 1) l
    WHERE NOT c.whole_series),
redone AS (
    SELECT m.*, r.recovery_date, r.recovery_days
    FROM ranked m
    CROSS JOIN LATERAL (VALUES (m.change < 0 AND m.date < m.from_date
                                AND (m.stored_recovery_date IS NULL OR m.stored_recovery_date >= m.from_date))) AS redo(redo_recovery)
    LEFT JOIN LATERAL (SELECT d.date FROM daily_moves d
                       WHERE redo_recovery AND d.company_id = m.company_id AND d.date > m.date AND d.close >= m.previous_close
                       ORDER BY d.date LIMIT 1) recovery ON true
    LEFT JOIN LATERAL (SELECT count(*)::int AS days FROM daily_moves d
                       WHERE recovery.date IS NOT NULL AND d.company_id = m.company_id AND d.date > m.date AND d.date <= recovery.date) took
        ON recovery.date IS NOT NULL
    CROSS JOIN LATERAL (VALUES (CASE WHEN redo_recovery THEN recovery.date ELSE m.stored_recovery_date END,
                                CASE WHEN redo_recovery THEN took.days ELSE m.stored_recovery_days END)) AS r(recovery_date, recovery_days)),
figures AS (
    SELECT m.company_id, m.date, m.rank_by_change, m.rank_by_loss, m.recovery_date, m.recovery_days,
           CASE WHEN m.change < 0 AND m.recovery_date IS NULL THEN (l.close / m.previous_close - 1)::float8 END AS open_drawdown,
           (m.stored_rank_by_change, m.stored_rank_by_loss, m.stored_recovery_date, m.stored_recovery_days, m.stored_open_drawdown) AS stored
    FROM redone m JOIN latest l ON l.company_id = m.company_id)
UPDATE daily_moves m
SET rank_by_change = f.rank_by_change, rank_by_loss = f.rank_by_loss,
    recovery_date = f.recovery_date, recovery_days = f.recovery_days, open_drawdown = f.open_drawdown
FROM figures f
WHERE f.stored IS DISTINCT FROM (f.rank_by_change, f.rank_by_loss, f.recovery_date, f.recovery_days, f.open_drawdown)
  AND m.company_id = f.company_id AND m.date = f.date

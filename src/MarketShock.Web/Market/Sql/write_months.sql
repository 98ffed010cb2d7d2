-- The months of company_months (see CompanyMonth) from the figures of their price rows: per company and calendar month, its
-- days, the first and last, the days of the lowest and highest value (M_t = C_t × S_t, or the close without share
-- counts; the earliest of equal ones) and the counts of its ranked changes per bin of the distribution.
--
-- ShockAnalytics fills in which series ({Series}: a company and the first date whose move may have changed) and which
-- table their rows are read from ({PricesTable}): the changed series of an import, from the month of the first changed
-- date (it has deleted their months from there: a new day rewrites its own month only), or every company whole (a first
-- load, a full recomputation). Each series is read and grouped by itself, along the primary key: grouped all at once, a
-- market's 30 M rows spilled the aggregate to disk (144 s).
INSERT INTO company_months (company_id, month, days, first_date, last_date, low_date, high_date, bins)
SELECT s.company_id, m.*
FROM ({Series}) s (company_id, from_date)
CROSS JOIN LATERAL (
    SELECT month, count(*)::int, min(date), max(date),
           -- The value and the day in one array, compared value first: the earliest day of the lowest (or highest) value.
           DATE '2000-01-01' + (min(ARRAY[value, date - DATE '2000-01-01']))[2]::int,
           DATE '2000-01-01' - (max(ARRAY[value, DATE '2000-01-01' - date]))[2]::int,
           ARRAY[{BinCounts}]
    FROM (SELECT date_trunc('month', p.date)::date AS month, p.date, coalesce(p.close * p.shares, p.close) AS value,
                 CASE WHEN p.ranked THEN {BinIndex} END AS bin
          FROM {PricesTable} p
          WHERE p.company_id = s.company_id AND p.date >= date_trunc('month', s.from_date)) r
    GROUP BY month) m

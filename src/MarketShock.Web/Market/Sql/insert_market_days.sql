-- One row per date for the whole market (sector '') and one per date and sector, over the companies with a
-- market cap and a one-day move (ranked: not after a gap, not a suspected split), for the changed dates. The figures are
-- those of {PricesTable}: daily_prices, or the new table of a full recomputation before it is swapped in.
INSERT INTO market_days (date, sector, market_cap_change, market_cap_before, companies, decliners, advancers, approximate)
SELECT m.date, s.sector, sum(m.market_cap_change), sum(m.previous_close * m.previous_shares), count(*)::int,
       count(*) FILTER (WHERE m.change < 0)::int, count(*) FILTER (WHERE m.change > 0)::int, bool_or(m.market_cap_approximate)
FROM changed_dates d
JOIN {PricesTable} m ON m.date = d.date
JOIN companies co ON co.id = m.company_id
CROSS JOIN LATERAL (VALUES (''), (coalesce(nullif(co.sector, ''), 'Unclassified'))) AS s(sector)
WHERE m.market_cap_change IS NOT NULL AND m.ranked
GROUP BY m.date, s.sector

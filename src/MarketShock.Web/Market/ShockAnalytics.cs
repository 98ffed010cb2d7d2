using MarketShock.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;

namespace MarketShock.Market;

/// <summary>
/// Keeps <c>daily_moves</c> and <c>market_days</c> in step with the stored prices and share counts. It runs
/// on the caller's connection and transaction, so an import and its recomputation commit together.
/// </summary>
/// <remarks>
/// SQL, because every figure is a comparison of neighbouring rows or a window over a series: window
/// functions compute them in place, where loading each series into the app would move every row twice.
/// The series to redo are put in a temp table, <c>changed_series</c>: a company and the first date whose
/// move may have changed (<c>-infinity</c> for the whole series).
/// </remarks>
internal static class ShockAnalytics
{
    /// <summary>σ_t uses the changes of the previous 250 trading days, and needs at least 60 of them.</summary>
    public const int VolatilityWindow = 250, MinimumVolatilitySample = 60;

    /// <summary>A move more than this many calendar days after the previous row spans a gap in the data.</summary>
    public const int MaxCalendarDaysBetweenSessions = 5;

    // These statements touch a few thousand rows per company through indexes; compiling them with JIT took
    // longer than running them.
    private const string NoJit = "SET LOCAL jit = off";

    private const string CreateChangedSeries = """
        CREATE TEMP TABLE changed_series (company_id int PRIMARY KEY, from_date date NOT NULL) ON COMMIT DROP
        """;

    // A temp table has no statistics until analysed; without them the planner assumes thousands of rows.
    private const string AnalyzeChangedSeries = "ANALYZE changed_series";

    private const string DropChangedSeries = "DROP TABLE changed_series";

    private const string DeleteMoves = """
        DELETE FROM daily_moves m USING changed_series c WHERE m.company_id = c.company_id AND m.date >= c.from_date
        """;

    // Each series is read from 251 rows before its first changed date, enough for σ's 250 earlier changes.
    // The earliest share count also stands for the days before it, which are marked approximate.
    private static readonly string InsertMoves = $"""
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
                   lag(o.shares) OVER w AS previous_shares, lag(p.date < o.observed) OVER w AS previous_approximate
            FROM series_start s
            JOIN daily_prices p ON p.company_id = s.company_id AND p.date >= s.read_from
            LEFT JOIN share_counts o ON o.company_id = p.company_id AND p.date >= o.valid_from AND p.date < o.valid_to
            WINDOW w AS (PARTITION BY p.company_id ORDER BY p.date)),
        moves AS (
            -- At a fixed 20 decimal places: PostgreSQL picks a division's precision from its operands, so equal ratios of
            -- different closes could differ in their last digits and no longer tie in the ranks.
            SELECT *, round(close, 20) / previous_close - 1 AS exact_change,
                   coalesce(date - previous_date > {MaxCalendarDaysBetweenSessions}, false) AS after_gap
            FROM series),
        measured AS (
            -- numeric rather than float8: its aggregates can drop the row leaving the window instead of re-adding 250 rows.
            SELECT *, exact_change::float8 AS change,
                      stddev_samp(CASE WHEN NOT after_gap THEN exact_change END) OVER w AS volatility,
                      count(CASE WHEN NOT after_gap THEN exact_change END) OVER w AS sample
            FROM moves
            WINDOW w AS (PARTITION BY company_id ORDER BY date ROWS BETWEEN {VolatilityWindow} PRECEDING AND 1 PRECEDING))
        INSERT INTO daily_moves (company_id, date, close, previous_date, previous_close, change, after_gap,
                                 shares, shares_approximate, market_cap, market_cap_before, market_cap_change, market_cap_approximate,
                                 volatility, z_score)
        SELECT company_id, date, close, previous_date, previous_close, change, after_gap,
               shares, coalesce(shares_approximate, false),
               close * shares, previous_close * previous_shares, (close - previous_close) * previous_shares,
               coalesce(previous_approximate, false),
               CASE WHEN sample >= {MinimumVolatilitySample} THEN volatility::float8 END,
               CASE WHEN sample >= {MinimumVolatilitySample} AND volatility > 0 AND NOT after_gap THEN (exact_change / volatility)::float8 END
        FROM measured
        WHERE date >= from_date
        """;

    // Ranks compare every day of a series, so they are redone for the whole of a changed company (writing only
    // the rows whose rank moved); moves after a gap are not ranked. Worst-since looks back, so only the rewritten
    // rows need it; recovery looks forward, so also the earlier down days not recovered before the changed date.
    private const string UpdateHistoryFigures = """
        WITH ranked AS (
            SELECT m.company_id, m.date, m.change, m.previous_close, m.worst_since, m.recovery_date, m.recovery_days, c.from_date,
                   row_number() OVER (PARTITION BY m.company_id ORDER BY m.date) AS day_number,
                   CASE WHEN ranked_by_change THEN rank() OVER (PARTITION BY m.company_id, ranked_by_change ORDER BY m.change) END AS rank_by_change,
                   CASE WHEN ranked_by_loss THEN rank() OVER (PARTITION BY m.company_id, ranked_by_loss ORDER BY m.market_cap_change) END AS rank_by_loss
            FROM daily_moves m JOIN changed_series c ON c.company_id = m.company_id
            CROSS JOIN LATERAL (VALUES (m.change IS NOT NULL AND NOT m.after_gap,
                                        m.market_cap_change IS NOT NULL AND NOT m.after_gap)) AS r(ranked_by_change, ranked_by_loss)),
        latest AS (
            SELECT c.company_id, l.close FROM changed_series c
            CROSS JOIN LATERAL (SELECT close FROM daily_moves WHERE company_id = c.company_id ORDER BY date DESC LIMIT 1) l),
        figures AS (
            SELECT m.company_id, m.date, m.rank_by_change, m.rank_by_loss,
                   CASE WHEN m.date >= m.from_date THEN worst.date ELSE m.worst_since END AS worst_since,
                   CASE WHEN redo_recovery THEN recovery.date ELSE m.recovery_date END AS recovery_date,
                   CASE WHEN redo_recovery THEN (took.day_number - m.day_number)::int ELSE m.recovery_days END AS recovery_days,
                   CASE WHEN m.change < 0 AND (CASE WHEN redo_recovery THEN recovery.date ELSE m.recovery_date END) IS NULL
                        THEN (l.close / m.previous_close - 1)::float8 END AS open_drawdown
            FROM ranked m
            JOIN latest l ON l.company_id = m.company_id
            CROSS JOIN LATERAL (VALUES (m.change < 0 AND (m.date >= m.from_date OR m.recovery_date IS NULL OR m.recovery_date >= m.from_date)))
                AS redo(redo_recovery)
            LEFT JOIN LATERAL (SELECT w.date FROM daily_moves w
                               WHERE m.change < 0 AND m.date >= m.from_date AND m.rank_by_change IS NOT NULL
                                 AND w.company_id = m.company_id AND w.date < m.date AND w.change <= m.change AND NOT w.after_gap
                               ORDER BY w.date DESC LIMIT 1) worst ON true
            LEFT JOIN LATERAL (SELECT d.date FROM daily_moves d
                               WHERE redo_recovery AND d.company_id = m.company_id AND d.date > m.date AND d.close >= m.previous_close
                               ORDER BY d.date LIMIT 1) recovery ON true
            LEFT JOIN ranked took ON took.company_id = m.company_id AND took.date = recovery.date)
        UPDATE daily_moves m
        SET rank_by_change = f.rank_by_change, rank_by_loss = f.rank_by_loss, worst_since = f.worst_since,
            recovery_date = f.recovery_date, recovery_days = f.recovery_days, open_drawdown = f.open_drawdown
        FROM figures f
        WHERE m.company_id = f.company_id AND m.date = f.date
          AND (m.rank_by_change, m.rank_by_loss, m.worst_since, m.recovery_date, m.recovery_days, m.open_drawdown)
              IS DISTINCT FROM (f.rank_by_change, f.rank_by_loss, f.worst_since, f.recovery_date, f.recovery_days, f.open_drawdown)
        """;

    // Market days are sums across companies, so concurrent imports take turns here; the statements after
    // the lock see what the import before committed.
    private const string LockMarketDays = "SELECT pg_advisory_xact_lock(hashtextextended('marketshock.market_days', 0))";

    private const string ChangedDates = """
        SELECT DISTINCT m.date FROM daily_moves m JOIN changed_series c ON c.company_id = m.company_id AND m.date >= c.from_date
        """;

    private const string DeleteMarketDays = $"DELETE FROM market_days WHERE date IN ({ChangedDates})";

    // One row for the whole market (sector '') and one per sector, over the companies with a market cap
    // and a one-day move (not after a gap).
    private const string InsertMarketDays = $"""
        INSERT INTO market_days (date, sector, market_cap_change, market_cap_before, companies, decliners, advancers, approximate)
        SELECT m.date, s.sector, sum(m.market_cap_change), sum(m.market_cap_before), count(*)::int,
               count(*) FILTER (WHERE m.change < 0)::int, count(*) FILTER (WHERE m.change > 0)::int, bool_or(m.market_cap_approximate)
        FROM daily_moves m
        JOIN companies co ON co.id = m.company_id
        CROSS JOIN LATERAL (VALUES (''), (coalesce(nullif(co.sector, ''), 'Unclassified'))) AS s(sector)
        WHERE m.date IN ({ChangedDates}) AND m.market_cap_change IS NOT NULL AND NOT m.after_gap
        GROUP BY m.date, s.sector
        """;

    /// <summary>Redoes the moves and market days of the series a merge changed, listed by <paramref name="changedSeries"/>.</summary>
    /// <param name="changedSeries">A query giving (company id, first changed date) pairs.</param>
    /// <param name="movesChanged">False when only what the market days group by changed (a company's sector).</param>
    /// <returns>How many companies' series were redone.</returns>
    public static async Task<int> RecomputeAsync(NpgsqlConnection connection, string changedSeries, bool movesChanged, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, NoJit, ct);
        await Sql.ExecuteAsync(connection, CreateChangedSeries, ct);
        var companies = await Sql.ExecuteAsync(connection, $"INSERT INTO changed_series {changedSeries}", ct);
        await Sql.ExecuteAsync(connection, AnalyzeChangedSeries, ct);
        if (movesChanged)
        {
            await Sql.ExecuteAsync(connection, DeleteMoves, ct);
            await Sql.ExecuteAsync(connection, InsertMoves, ct);
            await Sql.ExecuteAsync(connection, UpdateHistoryFigures, ct);
        }
        await Sql.ExecuteAsync(connection, LockMarketDays, ct);
        await Sql.ExecuteAsync(connection, DeleteMarketDays, ct);
        await Sql.ExecuteAsync(connection, InsertMarketDays, ct);
        await Sql.ExecuteAsync(connection, DropChangedSeries, ct);
        return companies;
    }

    /// <summary>Rebuilds every derived row from the stored prices and share counts.</summary>
    /// <remarks>Rows are deleted rather than truncated so that readers see the old figures until the new ones commit.</remarks>
    public static async Task RecomputeAllAsync(MarketShockDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await RecomputeAsync((NpgsqlConnection)db.Database.GetDbConnection(), "SELECT id, '-infinity'::date FROM companies", movesChanged: true, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Fills the derived tables of a database whose prices predate them (they are computed at import since).</summary>
    public static async Task RecomputeIfMissingAsync(MarketShockDbContext db, CancellationToken ct)
    {
        if (await db.DailyMoves.AnyAsync(ct) || !await db.DailyPrices.AnyAsync(ct))
            return;
        Log.Information("The stored prices have no daily moves yet: computing them");
        await RecomputeAllAsync(db, ct);
    }
}

using System.Globalization;
using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;

namespace MarketShock.Market;

/// <summary>
/// Keeps <c>daily_moves</c> and <c>market_days</c> in step with the stored prices and share counts. It runs
/// on the caller's connection and transaction, so an import and its recomputation commit together.
/// </summary>
/// <remarks>
/// SQL (the <c>Sql/*.sql</c> files beside this one), because every figure compares neighbouring rows or
/// windows over a series: window functions compute them in place, where loading each series into the app
/// would move every row twice. The series to redo are put in a temp table, <c>changed_series</c>: a company
/// and the first date whose move may have changed (<c>-infinity</c> for the whole series).
/// </remarks>
internal static partial class ShockAnalytics
{
    /// <summary>σ_t uses the changes of the previous 250 trading days, and needs at least 60 of them.</summary>
    public const int VolatilityWindow = 250, MinimumVolatilitySample = 60;

    /// <summary>A move more than this many calendar days after the previous row spans a gap in the data.</summary>
    public const int MaxCalendarDaysBetweenSessions = 5;

    // The window steps sort every row of the changed series: in memory up to this much, rather than in files. (JIT is
    // off on every connection of the app, DataServices.SessionOptions.)
    private const string SortMemory = "SET LOCAL work_mem = '64MB'";

    // The first import of a large market writes every move into an empty table: its secondary indexes are dropped and
    // built again after the rows, in one sorted pass each, rather than kept up row by row (58% of the time of writing
    // 2.5 M moves, 35.2 s against 14.6 s). It locks the table until the import commits, so only while the table is empty
    // and the prices are at least this many rows: readers of a first import wait for it rather than see no figures.
    private const int FirstLoadRows = 100_000;

    private static readonly string IsFirstLoad = FormattableString.Invariant($"""
        SELECT NOT EXISTS (SELECT 1 FROM daily_moves) AND (SELECT count(*) FROM (SELECT 1 FROM daily_prices LIMIT {FirstLoadRows}) p) = {FirstLoadRows}
        """);

    // Each index built after its rows sorts them in memory up to this much.
    private const string IndexBuildMemory = "SET LOCAL maintenance_work_mem = '256MB'";

    private const string SecondaryIndexes = """
        SELECT c.relname::text, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = 'daily_moves'::regclass AND NOT x.indisprimary
        """;

    private const string CreateChangedSeries = """
        CREATE TEMP TABLE changed_series (company_id int PRIMARY KEY, from_date date NOT NULL) ON COMMIT DROP
        """;

    // A temp table has no statistics until analysed; without them the planner assumes thousands of rows.
    private const string PrepareChangedSeries = "ANALYZE changed_series";

    // Along the primary key, company by company: the planner does not know how few rows are at or after each first changed
    // date, and joining all the changed series (every company, in a daily update) it would scan the whole table.
    private const string DeleteMoves = """
        SET LOCAL enable_hashjoin = off;
        SET LOCAL enable_mergejoin = off;
        DELETE FROM daily_moves m USING changed_series c WHERE m.company_id = c.company_id AND m.date >= c.from_date;
        RESET enable_hashjoin;
        RESET enable_mergejoin
        """;

    // Market days are sums across companies, so concurrent imports take turns here; the statements after
    // the lock see what the import before committed.
    private const string LockMarketDays = "SELECT pg_advisory_xact_lock(hashtextextended('marketshock.market_days', 0))";

    // The dates whose market days change: every date of the changed series from its first changed date. Kept
    // in an indexed, analysed table so that the statements joining it to daily_moves plan on real numbers. The moves'
    // statement adds the dates it writes; without new moves (a sector changed), they are read from the stored moves.
    private const string CreateChangedDates = "CREATE TEMP TABLE changed_dates (date date PRIMARY KEY) ON COMMIT DROP";

    private const string CollectStoredDates = """
        INSERT INTO changed_dates
            SELECT DISTINCT m.date FROM changed_series c
            CROSS JOIN LATERAL (SELECT m.date FROM daily_moves m WHERE m.company_id = c.company_id AND m.date >= c.from_date) m
        """;

    private const string ClearChangedMarketDays = """
        ANALYZE changed_dates;
        DELETE FROM market_days d USING changed_dates c WHERE d.date = c.date
        """;

    private const string DropChangedTables = "DROP TABLE changed_dates, changed_series";

    // A full recomputation writes every move into a new table, builds its indexes and swaps it in for daily_moves (see
    // RecomputeAllAsync): no import may write prices or moves meanwhile, or they would be lost with the old table. Imports
    // hold this lock shared for their whole transaction; a full recomputation holds it alone.
    private const string RecomputationLock = "hashtextextended('marketshock.recomputation', 0)";

    /// <summary>Taken by every import before it changes anything, so that a full recomputation waits for it or it for one.</summary>
    public const string ShareRecomputationLock = $"SELECT pg_advisory_xact_lock_shared({RecomputationLock})";

    private const string HoldRecomputationLock = $"SELECT pg_advisory_xact_lock({RecomputationLock})";

    private const string NextMoves = "daily_moves_next";

    private const string MovesMissing = "SELECT NOT EXISTS (SELECT 1 FROM daily_moves) AND EXISTS (SELECT 1 FROM daily_prices)";

    // The same columns, defaults and storage, without the indexes: they are built after the rows.
    private const string CreateNextMoves = $"CREATE TABLE {NextMoves} (LIKE daily_moves INCLUDING ALL EXCLUDING INDEXES)";

    private const string MovesPrimaryKey = """
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'daily_moves'::regclass AND contype = 'p'
        """;

    // The views over daily_moves (daily_move_history), dropped with the old table and created again over the new one.
    private const string ViewsOverMoves = """
        SELECT DISTINCT v.oid::regclass::text, pg_get_viewdef(v.oid)
        FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
        WHERE d.refobjid = 'daily_moves'::regclass AND v.oid <> 'daily_moves'::regclass
        """;

    // The columns the readers filter and sort on (see AnalyzeAfterRows).
    private const string AnalyzedColumns = "(company_id, date, change, market_cap_change, z_score, ranked)";
    private const string AnalyzeMoves = $"ANALYZE daily_moves {AnalyzedColumns}";
    private const string AnalyzeNextMoves = $"ANALYZE {NextMoves} {AnalyzedColumns}";

    // After writing this many moves, daily_moves is analysed before the market days are summed from it: autovacuum
    // has not seen a bulk import yet, and statistics of a much smaller table led the planner to a nested loop over all
    // of it for every row. The columns the readers filter and sort on are analysed too (not the rest: half the time of
    // all columns): without their statistics the leaderboard's count and the permalink's rank scanned every down day.
    private const int AnalyzeAfterRows = 10_000;

    // Filled into the SQL files; declared before the statements that are loaded with them.
    private static readonly (string, string)[] Placeholders =
    [
        ("{VolatilityWindow}", $"{VolatilityWindow}"),
        ("{MinimumVolatilitySample}", $"{MinimumVolatilitySample}"),
        ("{MaxCalendarDaysBetweenSessions}", $"{MaxCalendarDaysBetweenSessions}"),
        ("{SplitRatios}", "{" + string.Join(",", StagedRows.SplitRatios.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "}"),
        ("{SplitTolerance}", StagedRows.SplitTolerance.ToString(CultureInfo.InvariantCulture)),
        ("{SplitMinimum}", (StagedRows.SplitRatios.Min() * (1 - StagedRows.SplitTolerance)).ToString(CultureInfo.InvariantCulture)),
    ];

    private static readonly string InsertMoves = Load("insert_moves.sql", "daily_moves");
    private static readonly string InsertNextMoves = Load("insert_moves.sql", NextMoves);
    private static readonly string InsertMarketDays = Load("insert_market_days.sql", "daily_moves");
    private static readonly string InsertNextMarketDays = Load("insert_market_days.sql", NextMoves);

    /// <summary>Redoes the moves and market days of the series a merge changed, listed by <paramref name="changedSeries"/>.</summary>
    /// <param name="changedSeries">A query giving (company id, first changed date) pairs.</param>
    /// <param name="movesChanged">False when only what the market days group by changed (a company's sector).</param>
    /// <returns>How many companies' series were redone.</returns>
    /// <remarks>The caller holds <see cref="ShareRecomputationLock"/> from before its merge (the importer does).</remarks>
    public static async Task<int> RecomputeAsync(NpgsqlConnection connection, string changedSeries, bool movesChanged, CancellationToken ct)
    {
        var companies = await PrepareAsync(connection, changedSeries, ct);
        if (movesChanged)
        {
            // Before the delete: an import that redoes every stored move (share counts of every company) keeps the indexes,
            // so that readers see the old figures until it commits.
            var indexes = await Sql.ScalarAsync<bool>(connection, IsFirstLoad, ct) ? await DropSecondaryIndexesAsync(connection, ct) : [];
            await Sql.ExecuteAsync(connection, DeleteMoves, ct);
            var written = await Sql.ScalarAsync<long>(connection, InsertMoves, ct);
            foreach (var definition in indexes)
                await Sql.ExecuteAsync(connection, definition, ct);
            if (written > AnalyzeAfterRows)
                await Sql.ExecuteAsync(connection, AnalyzeMoves, ct);
        }
        else
            await Sql.ExecuteAsync(connection, CollectStoredDates, ct);
        await RedoMarketDaysAsync(connection, InsertMarketDays, ct);
        return companies;
    }

    /// <summary>The temp tables of the series to redo and of the dates they touch.</summary>
    /// <returns>How many companies' series are to be redone.</returns>
    private static async Task<int> PrepareAsync(NpgsqlConnection connection, string changedSeries, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, SortMemory, ct);
        await Sql.ExecuteAsync(connection, CreateChangedSeries, ct);
        var companies = await Sql.ExecuteAsync(connection, $"INSERT INTO changed_series (company_id, from_date) {changedSeries}", ct);
        await Sql.ExecuteAsync(connection, PrepareChangedSeries, ct);
        await Sql.ExecuteAsync(connection, CreateChangedDates, ct);
        return companies;
    }

    /// <summary>The market days of the changed dates, summed again from the moves; then the temp tables are dropped.</summary>
    private static async Task RedoMarketDaysAsync(NpgsqlConnection connection, string insertMarketDays, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, LockMarketDays, ct);
        await Sql.ExecuteAsync(connection, ClearChangedMarketDays, ct);
        await Sql.ExecuteAsync(connection, insertMarketDays, ct);
        await Sql.ExecuteAsync(connection, DropChangedTables, ct);
    }

    /// <summary>Drops the secondary indexes of <c>daily_moves</c>, in the caller's transaction.</summary>
    /// <returns>Their definitions, to create them again.</returns>
    private static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, IndexBuildMemory, ct);
        var indexes = await Sql.QueryAsync(connection, SecondaryIndexes, ct);
        foreach (var index in indexes)
            await Sql.ExecuteAsync(connection, $"DROP INDEX {(string)index[0]}", ct);
        return [.. indexes.Select(index => (string)index[1])];
    }

    /// <summary>Rebuilds every derived row from the stored prices and share counts.</summary>
    /// <remarks>
    /// The moves go into a new table, without indexes until its rows are in, and the market days are summed from it; then
    /// it replaces <c>daily_moves</c> (and the views over it are created again), all in one transaction: readers see the
    /// old figures until it commits, and wait only for the swap's renames. Deleting and rewriting every row of the table
    /// kept its seven indexes up row by row, 2,277 s at 30 M rows. Imports wait for it (<see cref="ShareRecomputationLock"/>).
    /// </remarks>
    public static Task RecomputeAllAsync(MarketShockDbContext db, CancellationToken ct) => RecomputeAllAsync(db, onlyIfMissing: false, ct);

    /// <param name="onlyIfMissing">Only when there are prices and no moves, checked under the lock: of two instances
    /// starting on such a database, the second waits for the first's recomputation and then has nothing to do.</param>
    private static async Task RecomputeAllAsync(MarketShockDbContext db, bool onlyIfMissing, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await Sql.ExecuteAsync(connection, HoldRecomputationLock, ct);
        if (onlyIfMissing && !await Sql.ScalarAsync<bool>(connection, MovesMissing, ct))
            return;
        if (onlyIfMissing)
            Log.Information("The stored prices have no daily moves yet: computing them");
        await PrepareAsync(connection, "SELECT id, '-infinity'::date FROM companies", ct);
        await Sql.ExecuteAsync(connection, CreateNextMoves, ct);
        await Sql.ScalarAsync<long>(connection, InsertNextMoves, ct);
        var swap = await IndexNextMovesAsync(connection, ct);
        await Sql.ExecuteAsync(connection, AnalyzeNextMoves, ct);
        await RedoMarketDaysAsync(connection, InsertNextMarketDays, ct);
        foreach (var statement in swap)
            await Sql.ExecuteAsync(connection, statement, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Builds on <c>daily_moves_next</c> the primary key and indexes <c>daily_moves</c> has, under names of their own.</summary>
    /// <returns>The statements of the swap: drop <c>daily_moves</c> and the views over it, and give the new table, its indexes
    /// and the views the old names.</returns>
    private static async Task<List<string>> IndexNextMovesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, IndexBuildMemory, ct);
        var views = await Sql.QueryAsync(connection, ViewsOverMoves, ct);
        List<string> swap = [.. views.Select(view => $"DROP VIEW {(string)view[0]}"), "DROP TABLE daily_moves", $"ALTER TABLE {NextMoves} RENAME TO daily_moves"];
        foreach (var row in await Sql.QueryAsync(connection, MovesPrimaryKey, ct))
        {
            var name = (string)row[0];
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {NextMoves} ADD CONSTRAINT {name}_next {(string)row[1]}", ct);
            swap.Add($"ALTER TABLE daily_moves RENAME CONSTRAINT {name}_next TO {name}");
        }
        foreach (var row in await Sql.QueryAsync(connection, SecondaryIndexes, ct))
        {
            var (name, definition) = ((string)row[0], (string)row[1]);
            var onNext = IndexOnMoves().Replace(definition, $"$1 {name}_next ON {NextMoves} ", 1);
            if (onNext == definition)
                throw new InvalidOperationException($"The index {name} of daily_moves has a definition the recomputation does not expect: {definition}");
            await Sql.ExecuteAsync(connection, onNext, ct);
            swap.Add($"ALTER INDEX {name}_next RENAME TO {name}");
        }
        swap.AddRange(views.Select(view => $"CREATE VIEW {(string)view[0]} AS {(string)view[1]}"));
        return swap;
    }

    // "CREATE [UNIQUE] INDEX name ON [schema.]daily_moves USING …" as pg_get_indexdef writes it.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(CREATE (?:UNIQUE )?INDEX) \S+ ON (?:\S+\.)?daily_moves ")]
    private static partial System.Text.RegularExpressions.Regex IndexOnMoves();

    /// <summary>Fills the derived tables of a database whose prices predate them (they are computed at import since).</summary>
    public static async Task RecomputeIfMissingAsync(MarketShockDbContext db, CancellationToken ct)
    {
        // Checked first without the lock, so that a start on a filled database does not wait for the imports running.
        if (await db.DailyMoves.AnyAsync(ct) || !await db.DailyPrices.AnyAsync(ct))
            return;
        await RecomputeAllAsync(db, onlyIfMissing: true, ct);
    }

    /// <summary>An embedded statement of <c>Market/Sql</c>, with this class's constants and the moves' table filled in.</summary>
    private static string Load(string name, string movesTable)
    {
        using var stream = typeof(ShockAnalytics).Assembly.GetManifestResourceStream($"MarketShock.Market.Sql.{name}")
            ?? throw new InvalidOperationException($"The embedded resource Market/Sql/{name} is missing");
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        foreach (var (placeholder, value) in Placeholders)
            sql = sql.Replace(placeholder, value, StringComparison.Ordinal);
        return sql.Replace("{MovesTable}", movesTable, StringComparison.Ordinal);
    }
}

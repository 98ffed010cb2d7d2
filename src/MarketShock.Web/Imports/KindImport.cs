using MarketShock.Data;
using Npgsql;

namespace MarketShock.Imports;

/// <summary>
/// What differs between prices, share counts, splits, company metadata and event labels: the staging table, how a row
/// is read and staged, and the one statement that merges staged rows into the stored ones.
/// </summary>
/// <remarks>
/// The staging and merging are SQL because one set-based statement over COPY-ed rows is what makes an
/// import run at the speed of COPY; row-by-row inserts would be orders of magnitude slower.
/// </remarks>
internal abstract class KindImport
{
    public const string Staging = "staging";

    /// <summary>Columns of the staging table after (line, ticker), as in CREATE TABLE.</summary>
    protected abstract string Columns { get; }

    /// <summary>Their names, in COPY order after (line, ticker).</summary>
    protected abstract string ColumnNames { get; }

    /// <summary>What identifies a stored row besides the company.</summary>
    public virtual string Key => "ticker, date";

    public virtual bool HasDates => true;

    // Prices, share counts and splits may name a company not imported yet: it is created with its ticker as its name.
    private const string CreateCompanies = """
        INSERT INTO companies (ticker, name) SELECT t, t FROM unnest($1::text[]) AS t ORDER BY t
        ON CONFLICT (ticker) DO NOTHING
        """;

    /// <summary>False for the company file, which creates companies itself, with their names.</summary>
    protected virtual bool CreatesCompanies => true;

    public string CreateStaging => $"CREATE TEMP TABLE {Staging} (line int NOT NULL, ticker text NOT NULL, {Columns}) ON COMMIT DROP";

    public string Copy => $"COPY {Staging} (line, ticker, {ColumnNames}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Keys that appear on more than one line: the key, and the lines in file order.</summary>
    public string FindDuplicates =>
        $"SELECT ticker, {(HasDates ? "date::text" : "ticker")}, array_agg(line ORDER BY line) FROM {Staging} GROUP BY {Key} HAVING count(*) > 1 ORDER BY min(line) LIMIT 1000";

    /// <summary>Keeps the first line of each key.</summary>
    public string DropLaterDuplicates =>
        $"DELETE FROM {Staging} s USING {Staging} f WHERE ({Qualified("s")}) = ({Qualified("f")}) AND f.line < s.line";

    private string Qualified(string alias) => string.Join(", ", Key.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    /// <summary>Reads the current row and writes it to the COPY (noting it in <paramref name="staged"/>); false when the row is skipped or has errors.</summary>
    /// <remarks>Synchronous: a row is a microsecond of work, and awaiting each of its fields cost more than the parsing.</remarks>
    public abstract bool Stage(Row row, StagingWriter copy, ImportProblems problems, StagedRows staged);

    /// <summary>Merges the staged rows into the stored ones and returns how many were inserted and updated.</summary>
    public async Task<(int Inserted, int Updated)> MergeAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct)
    {
        if (CreatesCompanies)
            await Sql.ExecuteAsync(connection, CreateCompanies, ct, (object)staged.Tickers.ToArray());
        return await MergeStagedAsync(connection, staged, ct);
    }

    protected abstract Task<(int Inserted, int Updated)> MergeStagedAsync(NpgsqlConnection connection, StagedRows staged, CancellationToken ct);

    /// <summary>
    /// Set by a merge that inserted nothing and left every staged row to the recomputation, which inserts them with their
    /// figures (prices that all come after their companies' stored ones: a first load or a daily update): their count is
    /// the recomputation's.
    /// </summary>
    public bool InsertsStaged { get; protected set; }

    /// <summary>The merge of one dated value per company (a share count, a split ratio): new keys are inserted, changed values updated.</summary>
    protected static string DatedValueMerge(string table, string column) => $"""
        WITH merged AS (
            INSERT INTO {table} AS t (company_id, date, {column})
            SELECT c.id, s.date, s.{column} FROM {Staging} s JOIN companies c ON c.ticker = s.ticker
            ON CONFLICT (company_id, date) DO UPDATE SET {column} = excluded.{column}
            WHERE t.{column} IS DISTINCT FROM excluded.{column}
            RETURNING (xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM merged;
        """;

    /// <summary>Runs a merge statement that returns (inserted, updated) as two ints.</summary>
    protected static async Task<(int Inserted, int Updated)> CountedMergeAsync(NpgsqlConnection connection, string merge, CancellationToken ct)
    {
        var counts = (await Sql.QueryAsync(connection, merge, ct))[0];
        return ((int)counts[0], (int)counts[1]);
    }

    /// <summary>Runs after staging and before the merge (prices: bring raw prices onto today's split basis).</summary>
    public virtual Task BeforeMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs after the merge, in the same transaction (splits: re-adjust stored raw prices).</summary>
    public virtual Task AfterMergeAsync(NpgsqlConnection connection, ImportProblems problems, StagedRows staged, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The series whose moves the merge may have changed, as (company id, first changed date, staged rows) rows; the
    /// count of staged rows is needed only when the recomputation inserts them (<see cref="InsertsStaged"/>), else null.
    /// Share counts and splits change figures across the whole series (restated counts, re-adjusted prices).
    /// </summary>
    public virtual string ChangedSeries =>
        $"SELECT DISTINCT c.id, '-infinity'::date, NULL::int FROM {Staging} s JOIN companies c ON c.ticker = s.ticker";

    /// <summary>False when the merge changes no figure at all (event labels): nothing is recomputed.</summary>
    public virtual bool ChangesFigures => true;

    /// <summary>False when the merge changes only what market days group by (company metadata), not the moves.</summary>
    public virtual bool ChangesMoves => true;

    /// <param name="dryRun">Nothing is recomputed after the merge (it is rolled back), so a merge leaves no rows to it.</param>
    public static KindImport For(FileFormat format, bool dryRun) => format.Kind switch
    {
        ImportKind.Prices => new PriceImport(format, figuresFollow: !dryRun),
        ImportKind.Shares => new SharesImport(),
        ImportKind.Splits => new SplitImport(),
        ImportKind.Events => new EventImport(),
        _ => new CompanyImport(format),
    };
}

using System.Globalization;
using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Market;

/// <summary>One row of daily_moves with the figures computed on read (daily_move_history), read with plain SQL.</summary>
internal sealed record MoveRow(DateOnly Date, decimal Close, decimal? PreviousClose, double? Change, bool AfterGap,
    long? Shares, bool SharesApproximate, decimal? MarketCap, decimal? MarketCapBefore, decimal? MarketCapChange, bool MarketCapApproximate,
    double? Volatility, double? ZScore, int? RankByLoss, int? RankByChange, DateOnly? WorstSince, DateOnly? RecoveryDate, int? RecoveryDays,
    double? OpenDrawdown, bool SuspectedSplit = false);

/// <summary>Reads the derived tables for the analytics tests.</summary>
internal static class MoveRows
{
    public static async Task<List<MoveRow>> MovesAsync(this AppFixture app, string ticker)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT m.date, m.close, m.previous_close, m.change, m.after_gap, m.shares, m.shares_approximate, m.market_cap, m.market_cap_before,
                   m.market_cap_change, m.market_cap_approximate, m.volatility, m.z_score, h.rank_by_loss, h.rank_by_change, h.worst_since,
                   h.recovery_date, h.recovery_days, h.open_drawdown, m.suspected_split
            FROM daily_moves m JOIN companies c ON c.id = m.company_id
            JOIN daily_move_history h ON h.company_id = m.company_id AND h.date = m.date
            WHERE c.ticker = $1 ORDER BY m.date
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ticker });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MoveRow>();
        while (await reader.ReadAsync())
            rows.Add(new MoveRow(reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1), Get<decimal>(reader, 2), Get<double>(reader, 3), reader.GetBoolean(4),
                Get<long>(reader, 5), reader.GetBoolean(6), Get<decimal>(reader, 7), Get<decimal>(reader, 8), Get<decimal>(reader, 9), reader.GetBoolean(10),
                Get<double>(reader, 11), Get<double>(reader, 12), Get<int>(reader, 13), Get<int>(reader, 14), Get<DateOnly>(reader, 15),
                Get<DateOnly>(reader, 16), Get<int>(reader, 17), Get<double>(reader, 18), reader.GetBoolean(19)));
        return rows;
    }

    public static async Task<MoveRow> MoveAsync(this AppFixture app, string ticker, string date) =>
        (await app.MovesAsync(ticker)).Single(m => m.Date == DateOnly.Parse(date, CultureInfo.InvariantCulture));

    /// <summary>
    /// A digest of every row of the derived tables: equal digests mean equal figures (daily_move_history is computed from
    /// daily_moves alone, so equal tables give it equal rows too).
    /// </summary>
    public static Task<string> DerivedFingerprintAsync(this AppFixture app) => app.ScalarAsync<string>("""
        SELECT (SELECT count(*) || ':' || md5(coalesce(string_agg(m::text, '|' ORDER BY m.company_id, m.date), '')) FROM daily_moves m)
            || ' ' || (SELECT count(*) || ':' || md5(coalesce(string_agg(d::text, '|' ORDER BY d.date, d.sector), '')) FROM market_days d)
            || ' ' || (SELECT count(*) || ':' || md5(coalesce(string_agg(c::text, '|' ORDER BY c.company_id, c.month), '')) FROM company_months c)
        """);

    private static T? Get<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}

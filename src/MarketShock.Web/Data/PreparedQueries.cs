using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MarketShock.Data;

/// <summary>
/// Prepares on the server the queries tagged with <see cref="Tag"/>, so that PostgreSQL parses them once per connection and,
/// after its first five runs, may plan them once (a generic plan). Npgsql keeps a statement prepared on its physical
/// connection across the pool's open and close, and preparing it again there is a look-up, not a round trip.
/// </summary>
/// <remarks>
/// Only for queries whose one plan suits every value: the permalink's probes of one company's days, whose parameters are a
/// company and a date. Not for the leaderboard's date ranges (a generic plan is chosen on estimates, and a plan that suits
/// a wide range can be the wrong one for a narrow one), which is why the connection's automatic preparation stays off.
/// </remarks>
internal sealed class PreparedQueries : DbCommandInterceptor
{
    public const string Tag = "prepared";

    public static readonly PreparedQueries Instance = new();

    /// <summary>How EF Core starts the text of a query tagged with <see cref="Tag"/>.</summary>
    private static readonly string TaggedPrefix = $"-- {Tag}{Environment.NewLine}";

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith(TaggedPrefix, StringComparison.Ordinal))
            await command.PrepareAsync(cancellationToken);
        return result;
    }
}

internal static class PreparedQueryExtensions
{
    /// <summary>Marks the query to be prepared on the server (<see cref="PreparedQueries"/>).</summary>
    public static IQueryable<T> Prepared<T>(this IQueryable<T> query) => query.TagWith(PreparedQueries.Tag);
}

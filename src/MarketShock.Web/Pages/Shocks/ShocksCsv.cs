using System.Text;
using MarketShock.Api;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages.Shocks;

/// <summary>GET /shocks.csv: the leaderboard's rows for the same query string as /shocks, every page, streamed.</summary>
internal static class ShocksCsv
{
    public const string EndpointName = "ShocksCsv";

    private static readonly string[] Columns =
    [
        "ticker", "name", "sector", "date", "close", "previous_close", "change_pct", "market_cap_before", "market_cap_change",
        "market_cap_approximate", "sigma", "rank_in_company", "is_shock", "permalink", "label", "label_url",
    ];

    public static async Task<Results<PushStreamHttpResult, ContentHttpResult>> GetAsync(HttpContext http, MarketShockDbContext db, LinkGenerator links, IOptions<ShockOptions> options,
        CancellationToken ct)
    {
        var parsed = ShockQuery.Parse(http.Request.Query);
        if (parsed.Errors.Count > 0)
            return Plain(StatusCodes.Status400BadRequest, parsed.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        if (await parsed.Query.ResolveAsync(db, ct) is not { } resolved)
            return Plain(StatusCodes.Status404NotFound, [$"ticker: No company has the ticker '{parsed.Query.Ticker}'."]);

        var rows = ShockBoard.Query(db, resolved.Filter, options.Value).AsAsyncEnumerable();
        return TypedResults.Stream(body => WriteAsync(body, rows, r => links.CompanyDay(http, r.Ticker, r.Date), options.Value, ct),
            CsvExports.ContentType, "marketshock-shocks.csv");
    }

    private static async Task WriteAsync(Stream body, IAsyncEnumerable<ShockBoard.Row> rows, Func<ShockBoard.Row, string> permalink,
        ShockOptions options, CancellationToken ct)
    {
        await using var output = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: -1, leaveOpen: true);
        var csv = new CsvText(output);
        await csv.Names(Columns).EndRowAsync(ct);
        await foreach (var r in rows.WithCancellation(ct))
        {
            await csv.Text(r.Ticker).Text(r.Name).Text(r.Sector).Date(r.Date).Number((double)r.Close).Number((double)r.PreviousClose)
                .Number(r.ChangePct).Number(MarketApi.Dollars(r.MarketCapBefore)).Number(MarketApi.Dollars(r.MarketCapChange))
                .Flag(r.MarketCapApproximate).Number(r.ZScore).Number(r.RankInCompany).Flag(r.IsShock(options)).Text(permalink(r))
                .Text(r.Label).Text(r.LabelUrl)
                .EndRowAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    private static ContentHttpResult Plain(int status, IEnumerable<string> lines) =>
        TypedResults.Text(string.Concat(lines.Select(l => l + "\n")), "text/plain; charset=utf-8", statusCode: status);
}

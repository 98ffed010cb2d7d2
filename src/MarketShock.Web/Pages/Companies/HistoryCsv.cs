using System.Text;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Companies;

/// <summary>GET /companies/{ticker}/history.csv: a company's whole series, one row per trading day, streamed.</summary>
internal static class HistoryCsv
{
    public const string EndpointName = "CompanyHistoryCsv";

    public static async Task<Results<PushStreamHttpResult, RedirectHttpResult, NotFound>> GetAsync(
        HttpContext http, MarketShockDbContext db, LinkGenerator links, string ticker, CancellationToken ct)
    {
        var found = await CompanyLookup.FindAsync(db, ticker, ct);
        if (found.Company is not { } company)
            return TypedResults.NotFound();
        if (!found.IsCanonical)
        {
            var path = links.GetPathByName(http, EndpointName, new { ticker = company.Ticker })!;
            return TypedResults.Redirect(path + http.Request.QueryString, permanent: true);
        }

        var days = db.DailyMoves.AsNoTracking().Where(m => m.CompanyId == company.Id).OrderBy(m => m.Date)
            .Select(m => new { m.Date, m.Close, m.Shares, m.MarketCap, m.Change, m.MarketCapChange, m.ZScore });
        return TypedResults.Stream(async body =>
        {
            await using var response = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var csv = new CsvText(response);
            await csv.Names("date", "close", "shares", "market_cap", "change_pct", "market_cap_change", "sigma").EndRowAsync(ct);
            await foreach (var day in days.AsAsyncEnumerable().WithCancellation(ct))
            {
                await csv.Date(day.Date).Number(Plain(day.Close)).Number(day.Shares).Number(Cents(day.MarketCap))
                    .Number(day.Change * 100).Number(Cents(day.MarketCapChange)).Number(day.ZScore).EndRowAsync(ct);
            }
            await csv.FlushAsync(ct);
        }, CsvExports.ContentType, $"{company.Ticker}-history.csv");
    }

    /// <summary>Without the trailing zeros of the stored scale: 118.420000 is written 118.42.</summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;

    private static decimal? Cents(decimal? usd) => usd is { } value ? Plain(Math.Round(value, 2)) : null;
}

using MarketShock.Pages.Companies;
using MarketShock.Pages.Shocks;

namespace MarketShock.Pages;

/// <summary>The CSV downloads beside the pages they export (DESIGN.md: /shocks.csv, /companies/{TICKER}/history.csv).</summary>
internal static class CsvExports
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static void MapCsvExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/shocks.csv", ShocksCsv.GetAsync).WithName(ShocksCsv.EndpointName).ExcludeFromDescription();
        app.MapGet("/companies/{ticker}/history.csv", HistoryCsv.GetAsync).WithName(HistoryCsv.EndpointName).ExcludeFromDescription();
    }
}

namespace MarketShock.Pages.Companies;

/// <summary>GET /companies/{ticker}/history.csv: a company's whole series.</summary>
internal static class HistoryCsv
{
    public static Task<IResult> GetAsync(HttpContext http, string ticker) => Task.FromResult<IResult>(TypedResults.NotFound());
}

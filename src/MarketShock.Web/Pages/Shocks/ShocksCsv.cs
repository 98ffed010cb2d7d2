namespace MarketShock.Pages.Shocks;

/// <summary>GET /shocks.csv: the leaderboard's rows for the same query string, every page.</summary>
internal static class ShocksCsv
{
    public static Task<IResult> GetAsync(HttpContext http, CancellationToken ct) => Task.FromResult<IResult>(TypedResults.NotFound());
}

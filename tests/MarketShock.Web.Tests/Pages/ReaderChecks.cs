using System.Text.Json;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>The API's view of the leaderboard, to compare a page with.</summary>
internal static class ReaderChecks
{
    /// <summary>
    /// Every item of /api/shocks for a query, all pages (500 at a time, until a short page), and the total the API reports:
    /// the exact count, or null when the count stopped (totalAtLeast), which the items must then exceed.
    /// </summary>
    public static async Task<(int? Total, List<JsonElement> Items)> AllShocksAsync(HttpClient client, string query)
    {
        var items = new List<JsonElement>();
        int? total = null;
        while (true)
        {
            var page = await client.GetJsonAsync($"/api/shocks?{query}&limit=500&offset={items.Count}");
            if (items.Count == 0)
                total = page.GetProperty("totalAtLeast").GetBoolean() ? null : page.GetProperty("total").GetInt32();
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(batch);
            if (batch.Count < 500)
                break;
        }
        if (total is { } exact)
            Assert.Equal(exact, items.Count);
        else
            Assert.True(items.Count > MarketShock.Market.ShockBoard.CountCap, $"the count stopped at {MarketShock.Market.ShockBoard.CountCap}, so more items should follow");
        return (total, items);
    }

    /// <summary>The rows of a shock table on the page as "TICKER yyyy-MM-dd", the API's <see cref="ApiData.ShockKeys"/> form.</summary>
    public static async Task<string[]> RowKeysAsync(IPage page, string tableId) =>
        await page.Locator($"#{tableId} tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => `${r.dataset.ticker} ${r.dataset.date}`)");
}

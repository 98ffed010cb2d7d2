using System.Text.Json;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>What every reader page must pass in the browser, and the API's view of the leaderboard to compare a page with.</summary>
internal static class ReaderChecks
{
    public static readonly (string Device, ViewportSize Size)[] Devices = [("desktop", Browser.Desktop), ("phone", Browser.Phone)];

    /// <summary>
    /// Opens <paramref name="path"/> at desktop and phone size, light and dark: it loads with status 200 and no console
    /// error or broken asset, nothing scrolls sideways outside a table or chart, and axe finds nothing serious.
    /// Saves <c>{name}-desktop.png</c> and <c>{name}-phone.png</c>.
    /// </summary>
    public static async Task AssertReadableAsync(Browser browser, AppFixture app, string path, string name, Func<IPage, Task>? ready = null)
    {
        foreach (var (device, size) in Devices)
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await using var tab = await browser.OpenAsync(app.BaseAddress, size, scheme);
                var response = await tab.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                if (ready is not null)
                    await ready(tab.Page);
                if (scheme == ColorScheme.Light)
                    await tab.ScreenshotAsync($"{name}-{device}.png");

                Assert.Equal(200, response!.Status);
                Assert.Empty(tab.Problems);
                var (overflow, culprits) = await tab.HorizontalOverflowAsync();
                Assert.True(overflow <= 0, $"{path} at {device}: {overflow}px too wide; sticking out: {string.Join("; ", culprits)}");
                Assert.Empty(culprits);
                var violations = await tab.AccessibilityViolationsAsync();
                Assert.True(violations.Count == 0, $"{path} at {device}, {scheme}: {string.Join("\n", violations)}");
            }
        }
    }

    /// <summary>Every item of /api/shocks for a query, all pages (500 at a time), with the total the API reports.</summary>
    public static async Task<(int Total, List<JsonElement> Items)> AllShocksAsync(HttpClient client, string query)
    {
        var items = new List<JsonElement>();
        int total;
        do
        {
            var page = await client.GetJsonAsync($"/api/shocks?{query}&limit=500&offset={items.Count}");
            total = page.GetProperty("total").GetInt32();
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            if (batch.Count == 0)
                break;
            items.AddRange(batch);
        }
        while (items.Count < total);
        return (total, items);
    }

    /// <summary>The rows of a shock table on the page as "TICKER yyyy-MM-dd", the API's <see cref="ApiData.ShockKeys"/> form.</summary>
    public static async Task<string[]> RowKeysAsync(IPage page, string tableId) =>
        await page.Locator($"#{tableId} tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => `${r.dataset.ticker} ${r.dataset.date}`)");
}

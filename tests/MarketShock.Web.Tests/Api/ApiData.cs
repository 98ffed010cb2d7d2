using System.Net;
using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>
/// Three companies over one week, Monday 2025-01-06 to Friday 2025-01-10, with every figure worked out by hand:
/// <code>
///         closes                          share count
/// AAA     100   90   100   99    94.05    1,000 from 2025-01-06 (Technology)
/// BBB     200   192  200   176   172.48   500 observed 2025-01-08: earlier days approximate (Consumer Cyclical)
/// CCC     50    40   40    44    26.4     none: no market cap (Communication Services)
/// </code>
/// Moves (r = C_t/C_{t−1} − 1; ΔM = (C_t − C_{t−1}) × S_{t−1}; M_{t−1} = C_{t−1} × S_{t−1}):
/// <code>
///         01-07               01-08                 01-09               01-10
/// AAA     −10%   −10,000      +11.11%  +10,000      −1%    −1,000       −5%    −4,950
/// BBB     −4%    −4,000 ≈     +4.17%   +4,000 ≈     −12%   −12,000      −2%    −1,760
/// CCC     −20%   null         0%       null         +10%   null         −40%   null
/// </code>
/// (≈: BBB's count before 2025-01-08 comes from the later observation, so those moves are approximate.)
/// </summary>
internal static class ThreeCompanies
{
    public const string Companies = """
        Ticker,Name,Sector,Industry,Exchange
        AAA,Alpha Inc,Technology,Software,NASDAQ
        BBB,Beta Corp,Consumer Cyclical,Retail,NYSE
        CCC,Gamma Ltd,Communication Services,Media,NASDAQ
        """;

    public const string Shares = """
        Ticker,Date,Shares
        AAA,2025-01-06,1000
        BBB,2025-01-08,500
        """;

    /// <summary>The eight down days by ΔM (the default order), the company without a share count after, by % change.</summary>
    public static readonly string[] ShocksByLoss =
    [
        "BBB 2025-01-09", "AAA 2025-01-07", "AAA 2025-01-10", "BBB 2025-01-07", "BBB 2025-01-10", "AAA 2025-01-09",
        "CCC 2025-01-10", "CCC 2025-01-07",
    ];

    public static readonly string[] Week = ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09", "2025-01-10"];

    public static async Task ImportAsync(AppFixture app, Files files)
    {
        ImportHelpers.AssertImported(await app.ImportAsync(files.Write("companies.csv", Companies)));
        ImportHelpers.AssertImported(await app.ImportAsync(files.Write("shares.csv", Shares)));
        ImportHelpers.AssertImported(await app.ImportAsync(files.Write("AAA.csv", PriceFiles.Prices(Week, 100m, 90m, 100m, 99m, 94.05m))));
        ImportHelpers.AssertImported(await app.ImportAsync(files.Write("BBB.csv", PriceFiles.Prices(Week, 200m, 192m, 200m, 176m, 172.48m))));
        ImportHelpers.AssertImported(await app.ImportAsync(files.Write("CCC.csv", PriceFiles.Prices(Week, 50m, 40m, 40m, 44m, 26.4m))));
    }
}

internal static class ApiData
{
    /// <summary>GETs a URL that must answer 200 with JSON, and returns the parsed body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The names are a public contract: each must be present (with a null value when there is nothing to say).</summary>
    public static void AssertHasProperties(JsonElement element, params string[] names)
    {
        foreach (var name in names)
            Assert.True(element.TryGetProperty(name, out _), $"'{name}' is missing from {element}");
    }

    /// <summary>Each named field is present and null.</summary>
    public static void AssertNull(JsonElement element, params string[] names)
    {
        foreach (var name in names)
            Assert.True(element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Null, $"'{name}' is not null in {element}");
    }

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();

    public static string[] Strings(this JsonElement array, string name) =>
        [.. array.EnumerateArray().Select(e => e.GetProperty(name).ToString())];

    /// <summary>The items of a page of shocks as "TICKER yyyy-MM-dd".</summary>
    public static string[] ShockKeys(JsonElement items) => [.. items.EnumerateArray().Select(i => $"{i.Text("ticker")} {i.Text("date")}")];
}

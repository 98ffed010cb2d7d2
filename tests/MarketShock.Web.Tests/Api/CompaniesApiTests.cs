using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>GET /api/companies and /api/companies/{ticker}/series over <see cref="ThreeCompanies"/>.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompaniesApiTests(AppFixture app) : ApiTestBase(app)
{
    [Fact]
    public async Task The_company_list_gives_each_company_its_first_and_latest_day_and_market_cap()
    {
        // A company known from the companies file only, without prices.
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("companies.csv", "Ticker,Name,Sector,Industry,Exchange\nDDD,Delta Co,,,\n")));

        var list = await Client.GetJsonAsync("/api/companies");

        Assert.Equal(["AAA", "BBB", "CCC", "DDD"], list.Strings("ticker"));
        ApiData.AssertHasProperties(list[0], "ticker", "name", "sector", "firstDate", "lastDate", "lastClose", "marketCap");
        Assert.Equal(("Alpha Inc", "Technology", "2025-01-06", "2025-01-10"),
            (list[0].Text("name"), list[0].Text("sector"), list[0].Text("firstDate"), list[0].Text("lastDate")));
        Assert.Equal(94.05, list[0].Number("lastClose"));
        Assert.Equal(94_050, list[0].Number("marketCap")); // 94.05 × 1,000
        Assert.Equal(86_240, list[1].Number("marketCap")); // 172.48 × 500
        Assert.Equal(26.4, list[2].Number("lastClose"));
        ApiData.AssertNull(list[2], "marketCap"); // CCC has no share count
        Assert.Equal("Delta Co", list[3].Text("name"));
        ApiData.AssertNull(list[3], "firstDate", "lastDate", "lastClose", "marketCap");
    }

    [Fact]
    public async Task A_series_lists_closes_market_caps_and_changes_day_by_day()
    {
        var series = await Client.GetJsonAsync("/api/companies/BBB/series");

        ApiData.AssertHasProperties(series, "ticker", "dates", "close", "marketCap", "changePct", "marketCapApproximateBefore");
        Assert.Equal("BBB", series.Text("ticker"));
        Assert.Equal(ThreeCompanies.Week, series.GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([200, 192, 200, 176, 172.48], Numbers(series, "close"));
        // M_t = C_t × 500: the count observed 2025-01-08 also stands for the days before it (approximately).
        Assert.Equal([100_000, 96_000, 100_000, 88_000, 86_240], Numbers(series, "marketCap"));
        Assert.Equal("2025-01-08", series.Text("marketCapApproximateBefore"));
        var changes = series.GetProperty("changePct");
        Assert.Equal(JsonValueKind.Null, changes[0].ValueKind); // the first day has no previous close
        // −4%, 200/192 − 1 = +4.1667%, −12%, 172.48/176 − 1 = −2%.
        Assert.Equal([-4.0, 100.0 / 24, -12.0, -2.0], changes.EnumerateArray().Skip(1).Select(c => c.GetDouble()), new Close(9));
    }

    [Fact]
    public async Task A_series_is_cut_to_from_and_to_inclusive_and_has_null_market_caps_without_share_counts()
    {
        var series = await Client.GetJsonAsync("/api/companies/CCC/series?from=2025-01-07&to=2025-01-09");

        Assert.Equal(["2025-01-07", "2025-01-08", "2025-01-09"], series.GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([40, 40, 44], Numbers(series, "close"));
        Assert.All(series.GetProperty("marketCap").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.ValueKind));
        ApiData.AssertNull(series, "marketCapApproximateBefore");
    }

    private static double[] Numbers(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];

    private sealed class Close(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Round(x - y, digits) == 0;

        public int GetHashCode(double obj) => 0;
    }
}

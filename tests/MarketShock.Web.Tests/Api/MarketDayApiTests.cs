using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>GET /api/days/{date} over <see cref="ThreeCompanies"/>: totals over the companies with a market cap (AAA and BBB).</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class MarketDayApiTests(AppFixture app) : ApiTestBase(app)
{
    [Fact]
    public async Task A_market_day_sums_the_dollar_moves_of_the_companies_with_a_market_cap()
    {
        var day = await Client.GetJsonAsync("/api/days/2025-01-07");

        ApiData.AssertHasProperties(day, "date", "previousDate", "nextDate", "totalMarketCapChange", "marketCapBefore", "changePct",
            "decliners", "advancers", "approximate", "sectors", "items");
        Assert.Equal(("2025-01-07", "2025-01-06", "2025-01-08"), (day.Text("date"), day.Text("previousDate"), day.Text("nextDate")));
        // ΣΔM = −10,000 (AAA) − 4,000 (BBB); ΣM_{t−1} = 100 × 1,000 + 200 × 500 = 200,000; −14,000 / 200,000 = −7%.
        Assert.Equal(-14_000, day.Number("totalMarketCapChange"));
        Assert.Equal(200_000, day.Number("marketCapBefore"));
        Assert.Equal(-7.0, day.Number("changePct"), 9);
        // CCC fell 20% but has no market cap: not a decliner.
        Assert.Equal((2, 0), (day.GetProperty("decliners").GetInt32(), day.GetProperty("advancers").GetInt32()));
        Assert.True(day.GetProperty("approximate").GetBoolean()); // BBB's count was observed on 2025-01-08
    }

    [Fact]
    public async Task A_market_day_has_a_total_per_sector_of_the_companies_with_a_market_cap()
    {
        var sectors = (await Client.GetJsonAsync("/api/days/2025-01-07")).GetProperty("sectors");

        Assert.Equal(["Consumer Cyclical", "Technology"], sectors.Strings("name"));
        ApiData.AssertHasProperties(sectors[0], "name", "marketCapChange", "marketCapBefore", "changePct", "companies", "decliners", "advancers");
        // BBB alone: −4,000 of 100,000; AAA alone: −10,000 of 100,000.
        Assert.Equal((-4_000, 100_000), (sectors[0].Number("marketCapChange"), sectors[0].Number("marketCapBefore")));
        Assert.Equal(-4.0, sectors[0].Number("changePct"), 9);
        Assert.Equal(-10.0, sectors[1].Number("changePct"), 9);
        Assert.All(sectors.EnumerateArray(), s => Assert.Equal((1, 1, 0),
            (s.GetProperty("companies").GetInt32(), s.GetProperty("decliners").GetInt32(), s.GetProperty("advancers").GetInt32())));
    }

    [Fact]
    public async Task A_market_day_lists_every_company_the_largest_loss_first_and_those_without_a_market_cap_after()
    {
        var items = (await Client.GetJsonAsync("/api/days/2025-01-07")).GetProperty("items");

        Assert.Equal(["AAA", "BBB", "CCC"], items.Strings("ticker"));
        ApiData.AssertHasProperties(items[0], "ticker", "name", "sector", "changePct", "marketCapChange", "marketCapApproximate", "afterGap");
        Assert.Equal(("Alpha Inc", "Technology"), (items[0].Text("name"), items[0].Text("sector")));
        Assert.Equal([-10_000.0, -4_000.0], items.EnumerateArray().Take(2).Select(i => i.Number("marketCapChange")));
        Assert.Equal([false, true, false], items.EnumerateArray().Select(i => i.GetProperty("marketCapApproximate").GetBoolean()));
        ApiData.AssertNull(items[2], "marketCapChange");
        Assert.Equal(-20.0, items[2].Number("changePct"), 9);
        Assert.All(items.EnumerateArray(), i => Assert.False(i.GetProperty("afterGap").GetBoolean()));
    }

    [Theory]
    // +10,000 + 4,000 over 90 × 1,000 + 192 × 500 = 186,000.
    [InlineData("2025-01-08", 14_000, 186_000, 14_000.0 / 186_000 * 100, 0, 2, true)]
    // −1,000 − 12,000 over 100,000 + 100,000; CCC's +10% is not an advance: it has no market cap.
    [InlineData("2025-01-09", -13_000, 200_000, -6.5, 2, 0, false)]
    // −4,950 − 1,760 over 99 × 1,000 + 176 × 500 = 187,000.
    [InlineData("2025-01-10", -6_710, 187_000, -6_710.0 / 187_000 * 100, 2, 0, false)]
    public async Task Each_market_day_has_its_totals(string date, double change, double before, double pct, int decliners, int advancers, bool approximate)
    {
        var day = await Client.GetJsonAsync($"/api/days/{date}");

        Assert.Equal(change, day.Number("totalMarketCapChange"));
        Assert.Equal(before, day.Number("marketCapBefore"));
        Assert.Equal(pct, day.Number("changePct"), 9);
        Assert.Equal((decliners, advancers), (day.GetProperty("decliners").GetInt32(), day.GetProperty("advancers").GetInt32()));
        Assert.Equal(approximate, day.GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public async Task The_first_and_last_days_have_no_neighbour_on_that_side_and_the_first_has_no_totals()
    {
        var first = await Client.GetJsonAsync("/api/days/2025-01-06");
        var last = await Client.GetJsonAsync("/api/days/2025-01-10");

        ApiData.AssertNull(first, "previousDate");
        Assert.Equal("2025-01-07", first.Text("nextDate"));
        ApiData.AssertNull(first, "totalMarketCapChange", "marketCapBefore", "changePct");
        Assert.Equal((0, 0), (first.GetProperty("decliners").GetInt32(), first.GetProperty("advancers").GetInt32()));
        Assert.Empty(first.GetProperty("sectors").EnumerateArray());
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.All(first.GetProperty("items").EnumerateArray(), i => ApiData.AssertNull(i, "changePct"));
        Assert.Equal("2025-01-09", last.Text("previousDate"));
        ApiData.AssertNull(last, "nextDate");
    }

    [Fact]
    public async Task A_company_with_a_market_cap_and_no_sector_is_totalled_as_unclassified()
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", "Ticker,Date,Shares\nHHH,2025-01-06,10\n")));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("HHH.csv", PriceFiles.Prices(["2025-01-06", "2025-01-07"], 10m, 11m))));

        var day = await Client.GetJsonAsync("/api/days/2025-01-07");

        // HHH: (11 − 10) × 10 = +10 of 100; the market: −14,000 + 10 over 200,000 + 100.
        var sector = day.GetProperty("sectors").EnumerateArray().Single(s => s.Text("name") == "Unclassified");
        Assert.Equal((10, 100, 1), (sector.Number("marketCapChange"), sector.Number("marketCapBefore"), sector.GetProperty("advancers").GetInt32()));
        Assert.Equal(-13_990, day.Number("totalMarketCapChange"));
        Assert.Equal(-13_990.0 / 200_100 * 100, day.Number("changePct"), 9);
        Assert.Equal((2, 1), (day.GetProperty("decliners").GetInt32(), day.GetProperty("advancers").GetInt32()));
        ApiData.AssertNull(day.GetProperty("items").EnumerateArray().Single(i => i.Text("ticker") == "HHH"), "sector");
    }
}

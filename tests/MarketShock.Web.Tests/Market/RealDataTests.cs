using System.Net.Http.Json;
using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Market;

/// <summary>The figures on the real data of shared/data (companies.csv, shares, splits, prices), against the press and against C#.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class RealDataTests(AppFixture app) : IAsyncLifetime
{
    private static readonly string[] ImportedFirst = ["companies.csv", "shares/shares.csv", "splits/splits.csv"];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        if (SampleData.Folder is null)
            return;
        foreach (var path in ImportedFirst.Select(p => SampleData.Path(p))
                     .Concat(Directory.GetFiles(SampleData.Path("prices"), "*.csv").Order(StringComparer.Ordinal)))
            ImportHelpers.AssertImported(await app.ImportAsync(path));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [SampleDataFact]
    public async Task Nvidia_on_27_January_2025_is_the_largest_loss_in_the_data()
    {
        using var client = app.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/shocks?limit=1");

        var worst = page.GetProperty("items")[0];
        Assert.Equal("NVDA", worst.GetProperty("ticker").GetString());
        Assert.Equal("2025-01-27", worst.GetProperty("date").GetString());
        // 118.42 / 142.62 − 1 = −16.968%.
        Assert.Equal(-16.97, worst.GetProperty("changePct").GetDouble(), 0.01);
        // 24,490,000,000 shares (the count of 2024-11-15) × (118.42 − 142.62) = −$592.66B, within 2% of −$593B.
        var loss = worst.GetProperty("marketCapChange").GetDouble();
        Assert.InRange(loss, -593e9 * 1.02, -593e9 * 0.98);
        Assert.False(worst.GetProperty("marketCapApproximate").GetBoolean());
    }

    [SampleDataFact]
    public async Task The_DeepSeek_market_day_totals_at_least_the_losses_of_Nvidia_and_Broadcom()
    {
        using var client = app.CreateClient();

        var day = await client.GetFromJsonAsync<JsonElement>("/api/days/2025-01-27");

        var losses = day.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("ticker").GetString()!, i => i.GetProperty("marketCapChange"));
        var nvidiaAndBroadcom = losses["NVDA"].GetDouble() + losses["AVGO"].GetDouble();
        Assert.True(day.GetProperty("totalMarketCapChange").GetDouble() <= nvidiaAndBroadcom,
            $"the day totals {day.GetProperty("totalMarketCapChange")}, NVDA and AVGO alone {nvidiaAndBroadcom}");
        Assert.True(nvidiaAndBroadcom < -750e9, $"NVDA and AVGO lost {nvidiaAndBroadcom}"); // −592.7B and −199.5B
        // The index and the ETF have no share counts: listed, but outside the totals.
        Assert.Equal(JsonValueKind.Null, losses["IXIC"].ValueKind);
    }

    [SampleDataFact]
    public async Task A_plain_computation_in_CSharp_agrees_with_the_stored_figures_on_every_row_of_every_company()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var checkedRows = 0;
        foreach (var ticker in await IndependentMoves.TickersAsync(connection))
        {
            var expected = await IndependentMoves.ComputeAsync(connection, ticker);
            var stored = await app.MovesAsync(ticker);
            Assert.Equal(expected.Count, stored.Count);
            foreach (var (want, got) in expected.Zip(stored))
            {
                IndependentMoves.AssertSame(ticker, want, got);
                checkedRows++;
            }
        }
        Assert.Equal(35_852, checkedRows);
    }
}

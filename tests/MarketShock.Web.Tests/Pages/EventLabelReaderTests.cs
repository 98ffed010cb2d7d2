using MarketShock.Tests.Infrastructure;
using MarketShock.Tests.Pages.Admin;

namespace MarketShock.Tests.Pages;

/// <summary>The real events.csv on the reader pages: the permalink, the market day, the leaderboard and its CSV.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class EventLabelReaderTests(AppFixture app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    public void Dispose() => _client.Dispose();

    [SampleDataFact]
    public async Task The_permalink_says_what_happened_to_the_company_and_to_the_market_that_day()
    {
        await ReaderData.EnsureAsync(app);

        var html = await _client.TextAsync("/companies/NVDA/2025-01-27");

        Assert.Matches(@"data-figure=""label""><span class=""event-label-prefix"">What happened:</span>\s*DeepSeek&#x27;s R1 model: AI-chip selloff", html);
        Assert.Contains("The market that day: DeepSeek's R1 model wipes about $1 trillion off US tech", AdminSession.Text(html), StringComparison.Ordinal);
    }

    [SampleDataFact]
    public async Task The_market_day_says_what_happened_and_a_day_without_a_label_says_nothing()
    {
        await ReaderData.EnsureAsync(app);

        var labelled = AdminSession.Text(await _client.TextAsync("/days/2025-01-27"));
        var other = await _client.TextAsync("/days/2025-01-28");

        Assert.Contains("What happened: DeepSeek's R1 model wipes about $1 trillion off US tech", labelled, StringComparison.Ordinal);
        Assert.DoesNotContain("event-label", other, StringComparison.Ordinal);
    }

    [SampleDataFact]
    public async Task The_leaderboard_shows_each_labelled_day_its_label_and_the_csv_has_it()
    {
        await ReaderData.EnsureAsync(app);

        var page = AdminSession.Text(await _client.TextAsync("/shocks?ticker=NVDA&from=2025-01-27&to=2025-01-27"));
        var csv = await _client.TextAsync("/shocks.csv?ticker=NVDA&from=2025-01-27&to=2025-01-27");

        Assert.Contains("DeepSeek's R1 model: AI-chip selloff", page, StringComparison.Ordinal);
        Assert.EndsWith(",DeepSeek's R1 model: AI-chip selloff,", csv.TrimEnd(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>Bad parameters answer 400, unknown tickers and days without data 404, both as problem details; other spellings of a ticker redirect.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ApiErrorTests(AppFixture app) : ApiTestBase(app)
{
    [Theory]
    [InlineData("/api/shocks?from=2025-13-01", "from")]
    [InlineData("/api/shocks?to=yesterday", "to")]
    [InlineData("/api/shocks?from=2025-01-10&to=2025-01-09", "to")]
    [InlineData("/api/shocks?limit=0", "limit")]
    [InlineData("/api/shocks?limit=501", "limit")]
    [InlineData("/api/shocks?limit=ten", "limit")]
    [InlineData("/api/shocks?offset=-1", "offset")]
    [InlineData("/api/shocks?sort=size", "sort")]
    [InlineData("/api/shocks?minLossUsd=abc", "minLossUsd")]
    [InlineData("/api/shocks?minLossUsd=-5", "minLossUsd")]
    [InlineData("/api/shocks?minSigma=abc", "minSigma")]
    [InlineData("/api/companies/AAA/series?from=2025-1-7", "from")]
    [InlineData("/api/companies/AAA/series?from=2025-01-10&to=2025-01-09", "to")]
    [InlineData("/api/companies/AAA/2025-02-30", "date")]
    [InlineData("/api/companies/AAA/07-01-2025", "date")]
    [InlineData("/api/days/2025-13-01", "date")]
    [InlineData("/api/days/today", "date")]
    public async Task A_bad_parameter_answers_400_naming_it(string url, string parameter)
    {
        var problem = await ProblemAsync(url, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.False(string.IsNullOrWhiteSpace(errors.GetProperty(parameter)[0].GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.Text("title")));
    }

    [Fact]
    public async Task Several_bad_parameters_are_all_named_at_once()
    {
        var problem = await ProblemAsync("/api/shocks?from=soon&sort=size&limit=0&minSigma=x", HttpStatusCode.BadRequest);

        Assert.Equal(["from", "limit", "minSigma", "sort"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData("/api/shocks?ticker=ZZZ")]
    [InlineData("/api/companies/ZZZ/series")]
    [InlineData("/api/companies/ZZZ/2025-01-07")]
    [InlineData("/api/companies/AAA/2025-01-11")] // a Saturday
    [InlineData("/api/companies/AAA/2024-12-31")] // before its first day
    [InlineData("/api/days/2025-01-11")]
    [InlineData("/api/days/2030-01-02")]
    [InlineData("/api/no-such-thing")]
    public async Task An_unknown_ticker_or_a_day_without_data_answers_404_problem_details(string url)
    {
        var problem = await ProblemAsync(url, HttpStatusCode.NotFound);

        Assert.False(string.IsNullOrWhiteSpace(problem.Text("title")));
    }

    [Fact]
    public async Task A_404_says_what_was_not_found()
    {
        var ticker = await ProblemAsync("/api/companies/ZZZ/series", HttpStatusCode.NotFound);
        var day = await ProblemAsync("/api/days/2025-01-11", HttpStatusCode.NotFound);

        Assert.Contains("ZZZ", ticker.Text("detail"), StringComparison.Ordinal);
        Assert.Contains("2025-01-11", day.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/companies/aaa/series?from=2025-01-07", "/api/companies/AAA/series?from=2025-01-07")]
    [InlineData("/api/companies/Bbb/2025-01-09", "/api/companies/BBB/2025-01-09")]
    public async Task A_ticker_in_another_case_redirects_permanently_to_the_upper_case_url(string url, string canonical)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location?.OriginalString);
        await Client.GetJsonAsync(canonical);
    }

    [Theory]
    [InlineData("/api/companies/c/series", "/api/companies/C/series")]
    [InlineData("/api/companies/a/2025-01-07", "/api/companies/A/2025-01-07")]
    public async Task A_one_letter_ticker_in_lower_case_redirects_to_the_canonical_url(string url, string canonical)
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("companies.csv", "Ticker,Name,Sector,Industry,Exchange\nA,A Co,,,\nC,C Co,,,\n")));

        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location?.OriginalString);
    }

    private async Task<JsonElement> ProblemAsync(string url, HttpStatusCode status)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"GET {url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal((int)status, document.RootElement.GetProperty("status").GetInt32());
        return document.RootElement.Clone();
    }
}

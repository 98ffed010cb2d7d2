using System.Text.Json;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>/openapi/v1.json describes the six API paths, their parameters, answers and field names.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class OpenApiTests(AppFixture app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task The_document_lists_the_six_api_paths_with_their_parameters()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.Equal(["/api/companies", "/api/companies/{ticker}/series", "/api/companies/{ticker}/{date}", "/api/compare", "/api/days/{date}", "/api/shocks"],
            paths.EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["from:query", "limit:query", "minLossUsd:query", "minSigma:query", "offset:query", "sector:query", "shocksOnly:query",
            "sort:query", "ticker:query", "to:query"], Parameters(paths, "/api/shocks"));
        Assert.Equal(["from:query", "ticker:path", "to:query"], Parameters(paths, "/api/companies/{ticker}/series"));
        Assert.Equal(["date:path", "ticker:path"], Parameters(paths, "/api/companies/{ticker}/{date}"));
        Assert.Equal(["date:path"], Parameters(paths, "/api/days/{date}"));
        Assert.Equal(["events:query"], Parameters(paths, "/api/compare"));
    }

    [Theory]
    [InlineData("/api/shocks")]
    [InlineData("/api/companies/{ticker}/series")]
    [InlineData("/api/companies/{ticker}/{date}")]
    [InlineData("/api/days/{date}")]
    public async Task Each_path_with_parameters_documents_its_400_and_404_problem_answers(string path)
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task The_schemas_carry_the_field_names_of_the_answers()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");

        var page = Answer(document, "/api/shocks");
        ApiData.AssertHasProperties(page.GetProperty("properties"), "total", "items");
        var shock = Resolve(document, page.GetProperty("properties").GetProperty("items").GetProperty("items"));
        ApiData.AssertHasProperties(shock.GetProperty("properties"), "ticker", "name", "sector", "date", "close", "previousClose", "changePct",
            "marketCapBefore", "marketCapChange", "marketCapApproximate", "sigma", "rankInCompany", "permalink");
        var company = Resolve(document, Answer(document, "/api/companies").GetProperty("items"));
        ApiData.AssertHasProperties(company.GetProperty("properties"), "ticker", "name", "sector", "firstDate", "lastDate", "lastClose", "marketCap");
        ApiData.AssertHasProperties(Answer(document, "/api/companies/{ticker}/series").GetProperty("properties"),
            "ticker", "dates", "close", "marketCap", "changePct", "marketCapApproximateBefore");
        ApiData.AssertHasProperties(Answer(document, "/api/companies/{ticker}/{date}").GetProperty("properties"),
            "changePct", "afterGap", "zScore", "rankByChange", "worstSince", "recoveryDate", "permalink", "market", "otherCompanies");
        ApiData.AssertHasProperties(Answer(document, "/api/days/{date}").GetProperty("properties"),
            "date", "previousDate", "nextDate", "totalMarketCapChange", "marketCapBefore", "changePct", "decliners", "advancers", "approximate",
            "sectors", "items");
    }

    private static string[] Parameters(JsonElement paths, string path) =>
        [.. paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => $"{p.Text("name")}:{p.Text("in")}").Order(StringComparer.Ordinal)];

    /// <summary>The schema of a path's 200 answer, with a reference followed.</summary>
    private static JsonElement Answer(JsonElement document, string path) =>
        Resolve(document, document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
            return schema;
        var name = reference.GetString()!["#/components/schemas/".Length..];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}

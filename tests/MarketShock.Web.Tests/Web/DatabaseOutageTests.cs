using System.Net;
using System.Text.Json;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace MarketShock.Tests.Web;

/// <summary>
/// The site without its database: it starts anyway, says so with a 503 that asks to retry, and serves again by itself
/// once the database answers, whether it was down at the start or went away while the site ran. The database is the test
/// run's, reached through a relay that can be closed (connections refused, those open cut) and opened again.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class DatabaseOutageTests(AppFixture app)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_site_started_while_the_database_is_down_answers_503_and_serves_once_it_is_up()
    {
        await using var relay = new TcpRelay(new NpgsqlConnectionStringBuilder(app.ConnectionString).Port);
        await using var site = Site(relay);
        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await AssertDownAsync(client);

        relay.Open();
        await WaitForAsync(client, "/healthz");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/shocks", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_database_that_goes_away_while_the_site_runs_gives_503_and_the_site_recovers_by_itself()
    {
        await using var relay = new TcpRelay(new NpgsqlConnectionStringBuilder(app.ConnectionString).Port);
        relay.Open();
        await using var site = Site(relay);
        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/shocks", UriKind.Relative))).StatusCode);

        await relay.CloseAsync();
        await AssertDownAsync(client);

        relay.Open();
        await WaitForAsync(client, "/shocks");
        await WaitForAsync(client, "/healthz");
    }

    /// <summary>The site in Production (where errors get the site's pages, not the developer page) on the relay's port.</summary>
    private WebApplicationFactory<Program> Site(TcpRelay relay)
    {
        var connection = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Port = relay.Port, Timeout = 3 }.ConnectionString;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .UseSetting("ConnectionStrings:MarketShock", connection));
    }

    /// <summary>A page, the API and the health check each answer 503; the page and the API say why and when to retry.</summary>
    private static async Task AssertDownAsync(HttpClient client)
    {
        using var page = await client.GetAsync(new Uri("/shocks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Back in a moment</h1>", html, StringComparison.Ordinal);
        Assert.Contains("MarketShock cannot reach its database just now", html, StringComparison.Ordinal);

        using var api = await client.GetAsync(new Uri("/api/shocks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal("The database is not reachable just now; try again in 5 seconds.", problem.RootElement.GetProperty("detail").GetString());

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }

    private static async Task WaitForAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + Recovery;
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
            if (status == HttpStatusCode.OK)
                return;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"{path} still answered {(int)status} {Recovery.TotalSeconds} s after the database came back");
    }
}

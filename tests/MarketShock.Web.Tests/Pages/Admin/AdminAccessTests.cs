using System.Net;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>
/// Every page under /admin, as the site's own routing lists them (so a page added later is in here without a word):
/// an anonymous visitor is sent to sign in whether it reads or posts, and a signed-in admin's POST without the form's
/// antiforgery token is refused. Only the sign-in page itself is open.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class AdminAccessTests(AppFixture app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_admin_page_sends_an_anonymous_GET_or_POST_to_sign_in_and_refuses_a_POST_without_its_token()
    {
        var paths = AdminPaths();
        Assert.Contains("/admin/uploads", paths);
        Assert.True(paths.Count >= 6, $"only {paths.Count} admin pages found: {string.Join(", ", paths)}");
        using var anonymous = app.CreateClient();
        using var admin = await app.SignedInClientAsync();
        var wrong = new List<string>();

        foreach (var path in paths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Form() : null };
                using var response = await anonymous.SendAsync(request);
                var location = response.Headers.Location is { } to ? new Uri(app.BaseAddress, to).AbsolutePath : null;
                if (response.StatusCode != HttpStatusCode.Redirect || location != "/admin/signin")
                    wrong.Add($"anonymous {method} {path}: {(int)response.StatusCode} {location}");
            }
            using var tokenless = await admin.PostAsync(new Uri(path, UriKind.Relative), Form());
            if (tokenless.StatusCode != HttpStatusCode.BadRequest)
                wrong.Add($"signed-in POST {path} without the token: {(int)tokenless.StatusCode}");
        }

        Assert.Empty(wrong);
        // Still signed in: the refused POSTs (the sign-out among them) did nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
    }

    /// <summary>The address of every admin page but sign-in, with 1 for each route value (an id).</summary>
    private List<string> AdminPaths() =>
    [
        .. app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is { ViewEnginePath: var page }
                        && page.StartsWith("/Admin/", StringComparison.Ordinal) && page != "/Admin/SignIn")
            .Select(e => "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => s.IsSimple && s.Parts[0] is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal
                ? literal.Content : "1")))
            .Distinct().Order(),
    ];

    private static FormUrlEncodedContent Form() => new(new Dictionary<string, string> { ["Input.Label"] = "x" });
}

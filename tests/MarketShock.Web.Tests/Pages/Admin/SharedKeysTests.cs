using System.Net;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>
/// Two instances of the site on one database, as behind a load balancer or across a restart: the keys that protect the
/// sign-in cookie and the antiforgery tokens are stored in PostgreSQL, so either instance accepts what the other issued.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SharedKeysTests(AppFixture app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_form_from_one_instance_signs_in_on_another_and_the_cookie_is_good_on_both()
    {
        var cookies = new CookieContainer();
        using var first = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        await using var other = new WebApplicationFactory<Program>();
        using var second = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // The sign-in form (and its antiforgery cookie) from the first instance, posted to the second.
        var token = await first.FormTokenAsync("/admin/signin");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/admin/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = AdminSession.Email, ["Input.Password"] = AdminSession.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("Cookie", cookies.GetCookieHeader(app.BaseAddress));
        using var signedIn = await second.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        foreach (var cookie in signedIn.Headers.GetValues("Set-Cookie"))
            cookies.SetCookies(app.BaseAddress, cookie);

        // The cookie the second instance issued opens the admin pages of the first, and of the second.
        using var onFirst = await first.GetAsync(new Uri("/admin/uploads", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/admin/uploads");
        again.Headers.Add("Cookie", cookies.GetCookieHeader(app.BaseAddress));
        using var onSecond = await second.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") >= 1, "no key is stored in the database");
    }
}

using System.Net;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>Signing in to the admin pages over HTTP, as a browser does it: cookies, and the antiforgery token from the form.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SignInTests(AppFixture app) : IAsyncLifetime
{
    private const string WrongPassword = "Wrong-Horse-42-Battery";
    private const string Failure = "The email or password is not correct.";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/admin/uploads")]
    [InlineData("/admin/imports")]
    [InlineData("/admin/imports/1")]
    [InlineData("/admin")]
    [InlineData("/admin/events")]
    public async Task An_admin_page_redirects_an_anonymous_visitor_to_sign_in_and_back(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(app.BaseAddress, response.Headers.Location!);
        Assert.Equal("/admin/signin", location.AbsolutePath);
        Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(path)}", location.Query);
    }

    [Fact]
    public async Task Signing_in_with_the_right_password_reaches_the_uploads_page()
    {
        using var client = app.CreateClient();

        var response = await client.SignInAsync(AdminSession.Email, AdminSession.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/uploads", response.Headers.Location!.OriginalString);
        var uploads = await client.GetAsync(new Uri("/admin/uploads", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, uploads.StatusCode);
        var text = AdminSession.Text(await uploads.Content.ReadAsStringAsync());
        Assert.Contains("Drop CSV files here", text, StringComparison.Ordinal);
        Assert.Contains("Sign out", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_that_asked_for_it_but_never_to_another_site()
    {
        using var client = app.CreateClient();
        using var other = app.CreateClient();
        await app.CreateAdminAsync("other@example.com", AdminSession.Password);

        var back = await client.SignInAsync(AdminSession.Email, AdminSession.Password, "/admin/signin?ReturnUrl=%2Fadmin%2Fimports");
        var away = await other.SignInAsync("other@example.com", AdminSession.Password, "/admin/signin?ReturnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/admin/imports", back.Headers.Location!.OriginalString);
        Assert.Equal("/admin/uploads", away.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_failure_message_and_does_not_sign_in()
    {
        using var client = app.CreateClient();

        var response = await client.SignInAsync(AdminSession.Email, WrongPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Failure, AdminSession.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_failure_message()
    {
        using var client = app.CreateClient();

        var response = await client.SignInAsync("nobody@example.com", AdminSession.Password);

        Assert.Contains(Failure, AdminSession.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_that_even_the_right_one_is_refused()
    {
        using var client = app.CreateClient();
        for (var attempt = 1; attempt <= 4; attempt++)
            Assert.Contains(Failure, AdminSession.Text(await (await client.SignInAsync(AdminSession.Email, WrongPassword)).Content.ReadAsStringAsync()),
                StringComparison.Ordinal);

        var fifth = AdminSession.Text(await (await client.SignInAsync(AdminSession.Email, WrongPassword)).Content.ReadAsStringAsync());
        var right = await client.SignInAsync(AdminSession.Email, AdminSession.Password);

        Assert.Contains("this account is locked. Try again in 5 minutes.", fifth, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked. Try again in 5 minutes.", AdminSession.Text(await right.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
        Assert.True(await app.ScalarAsync<bool>("SELECT lockout_end > now() FROM identity_users WHERE email = $1", AdminSession.Email));
    }

    [Fact]
    public async Task A_sign_in_posted_without_the_antiforgery_token_is_refused()
    {
        using var client = app.CreateClient();
        await client.FormTokenAsync("/admin/signin"); // the antiforgery cookie alone is not enough
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = AdminSession.Email,
            ["Input.Password"] = AdminSession.Password,
        });

        var response = await client.PostAsync(new Uri("/admin/signin", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await app.SignedInClientAsync();
        var token = await client.FormTokenAsync("/admin/uploads");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var response = await client.PostAsync(new Uri("/admin/signout", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
        var home = AdminSession.Text(await client.TextAsync("/"));
        Assert.Contains("Sign in", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign out", home, StringComparison.Ordinal);
    }
}

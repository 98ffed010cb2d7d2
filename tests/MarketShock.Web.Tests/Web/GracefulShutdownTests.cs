using System.Net;
using System.Net.Http.Headers;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using MarketShock.Tests.Pages.Admin;

namespace MarketShock.Tests.Web;

/// <summary>
/// SIGTERM while a request is in flight (an upload half sent): the site stops taking new connections but finishes that
/// request, its import included, and then exits cleanly.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class GracefulShutdownTests(AppFixture app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_upload_in_flight_when_the_site_is_told_to_stop_completes_and_the_site_exits_cleanly()
    {
        await using var site = await SiteProcess.StartAsync(app);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = site.Address };
        var admin = new ProxiedVisitor(client, "203.0.113.40");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);
        using var page = await admin.GetAsync("/admin/uploads");
        var token = AdminSession.FormToken(await page.Content.ReadAsStringAsync(), "/admin/uploads");

        var resume = new TaskCompletionSource();
        using var body = new HalfSent(await UploadBody(token), resume.Task);
        var upload = admin.PostAsync("/admin/uploads", body);
        await body.HalfWay.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        await site.TerminateAsync();
        await Task.Delay(1000);
        // Stopping: a new connection is refused, while the upload's own waits for the rest of its body.
        using var newcomer = new HttpClient { BaseAddress = site.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => newcomer.GetAsync(new Uri("/healthz", UriKind.Relative)));
        resume.SetResult();
        using var response = await upload.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await site.ExitCodeAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4L, await app.PriceRowsAsync("NVDA"));
        Assert.Equal("Imported", await app.ScalarAsync<string>("SELECT status FROM import_logs"));
        Assert.DoesNotContain(" ERR]", site.Log, StringComparison.Ordinal);
    }

    private static async Task<(byte[] Bytes, MediaTypeHeaderValue Type)> UploadBody(string token)
    {
        using var content = SampleUploads.Multipart(token, [("NVDA.csv", SampleUploads.Nvda)]);
        return (await content.ReadAsByteArrayAsync(), content.Headers.ContentType!);
    }

    /// <summary>A request body sent in two halves: the second only once <paramref name="resume"/> completes.</summary>
    private sealed class HalfSent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Task _resume;
        private readonly TaskCompletionSource _halfWay = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HalfSent((byte[] Bytes, MediaTypeHeaderValue Type) body, Task resume)
        {
            (_bytes, _resume) = (body.Bytes, resume);
            Headers.ContentType = body.Type;
        }

        public Task HalfWay => _halfWay.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length * 3 / 4;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _halfWay.TrySetResult();
            await _resume;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}

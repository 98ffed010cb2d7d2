using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>An API test class: a clean database (with <see cref="ThreeCompanies"/> imported, unless told otherwise), files and a client.</summary>
public abstract class ApiTestBase(AppFixture app, bool importThreeCompanies = true) : IAsyncLifetime, IDisposable
{
    protected AppFixture App { get; } = app;

    protected Files Files { get; } = new();

    protected HttpClient Client { get; } = app.CreateClient();

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        if (importThreeCompanies)
            await ThreeCompanies.ImportAsync(App, Files);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Client.Dispose();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}

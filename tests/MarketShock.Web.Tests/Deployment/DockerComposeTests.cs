using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MarketShock.Tests.Deployment;

/// <summary>Static checks on the deployment files an operator relies on (no Docker engine needed).</summary>
public sealed partial class DockerComposeTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    [Fact]
    public void ComposeRunsTheAppAgainstAHealthyPinnedPostgresWithPersistentData()
    {
        var root = LoadCompose();
        var services = Map(root, "services");

        var postgres = Map(services, "postgres");
        Assert.Matches(PinnedPostgresImage(), Scalar(postgres, "image"));
        var pgEnv = Environment(postgres);
        Assert.True(pgEnv.ContainsKey("POSTGRES_DB") && pgEnv.ContainsKey("POSTGRES_USER"), "postgres needs POSTGRES_DB and POSTGRES_USER");

        var dataVolume = Volumes(postgres).SingleOrDefault(v => v.Target == "/var/lib/postgresql/data");
        Assert.NotNull(dataVolume.Source);
        Assert.Matches(NamedVolume(), dataVolume.Source);
        Assert.Contains(dataVolume.Source, Map(root, "volumes").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Contains("pg_isready", Flatten(Map(postgres, "healthcheck").Children[new YamlScalarNode("test")]), StringComparison.Ordinal);

        var app = Map(services, "app");
        var (context, dockerfile) = Build(app);
        Assert.Equal(Path.Combine(RepoRoot, "Dockerfile"), Path.GetFullPath(Path.Combine(RepoRoot, context, dockerfile)));
        Assert.Contains(DockerfileExposedPort(), Sequence(app, "expose"));

        var env = Environment(app);
        Assert.True(env.TryGetValue("ConnectionStrings__MarketShock", out var connectionString), "app must set ConnectionStrings__MarketShock");
        var cs = ParseConnectionString(connectionString!);
        Assert.Equal("postgres", cs.GetValueOrDefault("Host"));
        Assert.Equal(pgEnv["POSTGRES_DB"], cs.GetValueOrDefault("Database"));
        Assert.Equal(pgEnv["POSTGRES_USER"], cs.GetValueOrDefault("Username"));
        Assert.Equal(pgEnv.GetValueOrDefault("POSTGRES_PASSWORD"), cs.GetValueOrDefault("Password"));

        Assert.Equal("service_healthy", Scalar(Map(Map(app, "depends_on"), "postgres"), "condition"));
    }

    [Fact]
    public void ComposePutsNginxInFrontOfTheAppAndTheAppBelievesForwardedHeadersFromItsNetworkOnly()
    {
        var root = LoadCompose();
        var services = Map(root, "services");
        var app = Map(services, "app");
        Assert.False(app.Children.ContainsKey(new YamlScalarNode("ports")), "the app publishes a port of its own, around the proxy");

        var proxy = Map(services, "proxy");
        Assert.Matches(PinnedNginxImage(), Scalar(proxy, "image"));
        Assert.Contains("80", ContainerPorts(proxy));
        var config = Volumes(proxy).Single(v => v.Target == "/etc/nginx/conf.d/default.conf").Source!;
        var nginx = File.ReadAllText(Path.Combine(RepoRoot, config));
        Assert.Contains($"proxy_pass http://app:{DockerfileExposedPort()};", nginx, StringComparison.Ordinal);
        foreach (var header in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host" })
            Assert.Contains($"proxy_set_header {header} ", nginx, StringComparison.Ordinal);

        var subnet = Flatten(((YamlSequenceNode)Map(Map(Map(root, "networks"), "default"), "ipam").Children[new YamlScalarNode("config")]).Children[0]
            is YamlMappingNode network ? network.Children[new YamlScalarNode("subnet")] : new YamlScalarNode(""));
        Assert.Equal(subnet, Environment(app).GetValueOrDefault("MarketShock__Proxies__0"));
    }

    [Fact]
    public void TheScaleProfileAddsRedisThatTheInstancesShareWhenNamed()
    {
        var services = Map(LoadCompose(), "services");

        var redis = Map(services, "redis");
        Assert.Matches(PinnedRedisImage(), Scalar(redis, "image"));
        Assert.Equal(["scale"], Sequence(redis, "profiles"));
        Assert.False(Map(services, "app").Children.ContainsKey(new YamlScalarNode("profiles")), "the app must run in every profile");
        Assert.False(Map(services, "app").Children.ContainsKey(new YamlScalarNode("container_name")), "a container name stops --scale app=2");
        Assert.Equal("${MARKETSHOCK_REDIS:-}", Environment(Map(services, "app")).GetValueOrDefault("ConnectionStrings__Redis"));
        Assert.Contains("proxy_next_upstream error timeout http_502 http_503;", File.ReadAllText(Path.Combine(RepoRoot, "deploy", "nginx.conf")), StringComparison.Ordinal);
        Assert.Contains("MARKETSHOCK_REDIS=redis:6379 docker compose --profile scale up --scale app=2", File.ReadAllText(Path.Combine(RepoRoot, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void DockerfileBuildsWithTheSdkAndRunsTheAppAsNonRootOnTheRuntimeImage()
    {
        var lines = DockerfileLines();

        var images = lines.Select(l => FromLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.True(images.Count >= 2, "Dockerfile must be multi-stage");
        Assert.Contains(images, i => Sdk10Image().IsMatch(i));
        Assert.Matches(Aspnet10Image(), images[^1]);

        var user = lines.LastOrDefault(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(user);
        Assert.DoesNotMatch(RootUser(), user[5..].Trim());

        Assert.Equal("8080", DockerfileExposedPort());
        Assert.Contains(lines, l => l.StartsWith("ENV ", StringComparison.OrdinalIgnoreCase) && l.Contains("ASPNETCORE_URLS=http://+:8080", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT", StringComparison.OrdinalIgnoreCase) && l.Contains("\"MarketShock.Web.dll\"", StringComparison.Ordinal));

        var restore = lines.Select(l => RestoreLine().Match(l)).FirstOrDefault(m => m.Success);
        Assert.NotNull(restore);
        Assert.True(File.Exists(Path.Combine(RepoRoot, restore.Groups[1].Value)), $"restored project {restore.Groups[1].Value} is missing");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MarketShock.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MarketShock.sln not found above " + AppContext.BaseDirectory);
    }

    private static YamlMappingNode LoadCompose()
    {
        using var reader = new StreamReader(Path.Combine(RepoRoot, "docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static List<string> DockerfileLines() =>
        File.ReadAllLines(Path.Combine(RepoRoot, "Dockerfile"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static string DockerfileExposedPort() =>
        DockerfileLines().Select(l => ExposeLine().Match(l)).Single(m => m.Success).Groups[1].Value;

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null);

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null).Value ?? "";

    private static string Flatten(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => string.Join(' ', seq.Children.Select(Flatten)),
        _ => "",
    };

    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        var node = service.Children[new YamlScalarNode("environment")];
        return node is YamlSequenceNode list
            ? list.Children.Select(Flatten).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "")
            : ((YamlMappingNode)node).Children.ToDictionary(kv => Flatten(kv.Key), kv => Flatten(kv.Value));
    }

    private static List<(string? Source, string Target)> Volumes(YamlMappingNode service) =>
        ((YamlSequenceNode)service.Children[new YamlScalarNode("volumes")]).Children.Select(v => v is YamlMappingNode m
            ? ((string?)Scalar(m, "source"), Scalar(m, "target"))
            : (Flatten(v).Split(':')[0], Flatten(v).Split(':')[1])).ToList();

    private static List<string> Sequence(YamlMappingNode service, string key) =>
        ((YamlSequenceNode)service.Children[new YamlScalarNode(key)]).Children.Select(Flatten).ToList();

    private static (string Context, string Dockerfile) Build(YamlMappingNode service) =>
        service.Children[new YamlScalarNode("build")] is YamlMappingNode m
            ? (m.Children.ContainsKey(new YamlScalarNode("context")) ? Scalar(m, "context") : ".",
               m.Children.ContainsKey(new YamlScalarNode("dockerfile")) ? Scalar(m, "dockerfile") : "Dockerfile")
            : (Scalar(service, "build"), "Dockerfile");

    private static List<string> ContainerPorts(YamlMappingNode service) =>
        ((YamlSequenceNode)service.Children[new YamlScalarNode("ports")]).Children
            .Select(p => p is YamlMappingNode m ? Scalar(m, "target") : Flatten(p).Split(':')[^1].Split('/')[0])
            .ToList();

    private static Dictionary<string, string> ParseConnectionString(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^postgres:\d+([.-]|$)")]
    private static partial Regex PinnedPostgresImage();

    [GeneratedRegex(@"^redis:\d+\.\d+")]
    private static partial Regex PinnedRedisImage();

    [GeneratedRegex(@"^nginx:\d+\.\d+")]
    private static partial Regex PinnedNginxImage();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamedVolume();

    [GeneratedRegex(@"^FROM\s+(?:--\S+\s+)*(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/sdk:10([.-]|$)")]
    private static partial Regex Sdk10Image();

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/aspnet:10([.-]|$)")]
    private static partial Regex Aspnet10Image();

    [GeneratedRegex(@"^(root|0)(:.*)?$")]
    private static partial Regex RootUser();

    [GeneratedRegex(@"^EXPOSE\s+(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"dotnet\s+restore\s+(\S+\.csproj)")]
    private static partial Regex RestoreLine();
}

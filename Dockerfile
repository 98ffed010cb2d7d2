# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first so the package layer is cached until a project/props file changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/MarketShock.Web/MarketShock.Web.csproj src/MarketShock.Web/
RUN dotnet restore src/MarketShock.Web/MarketShock.Web.csproj

COPY src/ src/
RUN dotnet publish src/MarketShock.Web/MarketShock.Web.csproj -c Release -o /app --no-restore

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .

ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production

# Non-root user shipped with the aspnet image (UID 1654).
USER $APP_UID
EXPOSE 8080

# No curl in the aspnet image; liveness is /healthz, probed by the orchestrator.
ENTRYPOINT ["dotnet", "MarketShock.Web.dll"]

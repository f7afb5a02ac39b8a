using System.Text.Json.Serialization;
using Manyi.Data;
using Microsoft.AspNetCore.DataProtection;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.CaseAnalytics;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Dashboards;
using Manyi.Web.Features.Health;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Features.Notifications;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Respond;
using Manyi.Web.Features.Responses;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Value;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace Manyi.Web.Hosting;

/// <summary>Builds and prepares the Manyi web application; shared by <c>Program</c>, <c>manyi serve</c> and the tests.</summary>
public static class ManyiApp
{
    /// <summary>Creates the application with every feature registered. <paramref name="configure"/> lets callers add configuration.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application is Manyi.Web whichever process hosts it (`manyi serve` runs it inside the CLI): MVC finds its
        // compiled pages through the application name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ManyiApp).Assembly.GetName().Name });
        configure?.Invoke(builder);

        var manyi = builder.Configuration.GetSection(ManyiOptions.Section).Get<ManyiOptions>() ?? new ManyiOptions();
        builder.Services.AddOptions<ManyiOptions>().Bind(builder.Configuration.GetSection(ManyiOptions.Section));
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        Directory.CreateDirectory(manyi.DataDirectory);
        builder.Services.AddManyiDatabase(database.Provider, database.EffectiveConnectionString(manyi.DataDirectory));
        // Keys that protect sign-in cookies and antiforgery tokens survive restarts (kept beside the data).
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(manyi.DataDirectory, "keys")))
            .SetApplicationName("Manyi");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(new FirstStartConsole(Console.Out));
        builder.Services.AddHostedService<DatabasePreparation>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi("v1");
        builder.Services.AddManyiUsers();
        builder.Services.AddManyiLocalization();
        builder.Services.AddManyiPages();
        builder.Services.AddManyiWaves();
        builder.Services.AddManyiRespond();
        builder.Services.AddManyiResponses();
        builder.Services.AddManyiResults();
        builder.Services.AddManyiCases();
        builder.Services.AddManyiAnalysis();
        builder.Services.AddManyiReports();
        builder.Services.AddManyiMonitoring();
        builder.Services.AddManyiImprovement();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Manyi API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapManyiHealth();
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapUnitsApi();
        api.MapCustomersApi();
        api.MapAuditApi();
        api.MapIndicatorSystemsApi();
        api.MapQuestionnairesApi();
        api.MapWavesApi();
        api.MapContactsApi();
        api.MapKioskApi();
        api.MapResponsesApi();
        api.MapResultsApi();
        api.MapCasesApi();
        api.MapCaseSettingsApi();
        api.MapAlertRulesApi();
        api.MapNotificationsApi();
        api.MapCaseAnalyticsApi();
        api.MapCustomerTimelineApi();
        api.MapMeasureAnalysisApi();
        api.MapDriverAnalysisApi();
        api.MapReportsApi();
        api.MapCustomerMeasuresApi();
        api.MapReportSchedulesApi();
        api.MapDashboardApi();
        api.MapMonitoringApi();
        api.MapProjectReportsApi();
        api.MapIndirectMeasuresApi();
        api.MapCustomerValueApi();
        api.MapPortfolioApi();
        api.MapLeadingIndicatorApi();
        api.MapFindingsApi();
        api.MapActionsApi();
        api.MapGoalsApi();
        api.MapChangeNotesApi();
        app.MapRazorPages();
        return app;
    }
}

using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze &lt;model&gt;</c>: offline analysis of a CSV or Excel file with one measurement model.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliOutput output)
    {
        var analyze = new Command("analyze", "Analyse a CSV or Excel file with one of Manyi's measurement models (product.md M1).");
        Command[] models =
        [
            ScoresCommand.Create(output),
            NpsCommand.Create(output),
            CsatCommand.Create(output),
            CesCommand.Create(output),
            RatioCommand.Create(output),
            IndexCommand.Create(output),
            AhpCommand.Create(output),
            WeightsCommand.Create(output),
            LinguisticCommand.Create(output),
            WeightedCommand.Create(output),
            TrapCommand.Create(output),
            KanoCommand.Create(output),
            ServqualCommand.Create(output),
            IpaCommand.Create(output),
            DriversCommand.Create(output),
            PlspmCommand.Create(output),
            SampleSizeCommand.Create(output),
            AllocateCommand.Create(output),
            CompareCommand.Create(output),
        ];
        foreach (var model in models)
        {
            analyze.Subcommands.Add(model);
        }
        return analyze;
    }
}

import AigaqCommands

@main struct Aigaq {
    static func main() async { await AigaqCommand.main() }
}

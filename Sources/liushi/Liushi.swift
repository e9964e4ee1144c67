@main
struct LiushiMain {
    static func main() {}
}

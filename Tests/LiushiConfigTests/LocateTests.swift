import LiushiConfig
import Testing

@Suite("Where configuration comes from")
struct LocateTests {
    let everywhere: (String) -> Bool = { _ in true }
    let nowhere: (String) -> Bool = { _ in false }

    @Test("--config wins over every environment variable")
    func flagWins() {
        let env = ["LIUSHI_CONFIG": "/env", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLoader.locate(flag: "/flag", environment: env, exists: everywhere) == .directory("/flag"))
    }

    @Test("$LIUSHI_CONFIG comes next, whether or not its folder holds liushi.yaml")
    func liushiConfigNext() {
        let env = ["LIUSHI_CONFIG": "/env/", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLoader.locate(flag: nil, environment: env, exists: nowhere) == .directory("/env"))
    }

    @Test("$XDG_CONFIG_HOME/liushi is used when it holds liushi.yaml")
    func xdgWithFile() {
        var asked: [String] = []
        let env = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        let got = ConfigLoader.locate(flag: nil, environment: env, exists: { asked.append($0); return $0 == "/xdg/liushi/liushi.yaml" })
        #expect(got == .directory("/xdg/liushi"))
        #expect(asked == ["/xdg/liushi/liushi.yaml"])
    }

    @Test("without liushi.yaml in $XDG_CONFIG_HOME/liushi the shipped example is used, not HOME")
    func xdgWithoutFile() {
        let env = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLoader.locate(flag: nil, environment: env, exists: { $0 == "/home/u/.config/liushi/liushi.yaml" }) == .shipped)
    }

    @Test("with XDG_CONFIG_HOME unset or empty, ~/.config/liushi is used when it holds liushi.yaml")
    func homeDefault() {
        let home = { (p: String) in p == "/home/u/.config/liushi/liushi.yaml" }
        #expect(ConfigLoader.locate(flag: nil, environment: ["HOME": "/home/u"], exists: home) == .directory("/home/u/.config/liushi"))
        #expect(ConfigLoader.locate(flag: nil, environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": ""], exists: home)
            == .directory("/home/u/.config/liushi"))
        #expect(ConfigLoader.locate(flag: nil, environment: ["HOME": "/home/u"], exists: nowhere) == .shipped)
    }

    @Test("an empty flag or variable counts as unset; with nothing at all the shipped example is used")
    func emptyMeansUnset() {
        #expect(ConfigLoader.locate(flag: "", environment: ["LIUSHI_CONFIG": ""], exists: everywhere) == .shipped)
        #expect(ConfigLoader.locate(flag: nil, environment: [:], exists: everywhere) == .shipped)
    }

    @Test("$XDG_CONFIG_HOME/liushi is used when it holds a county's townships/ instead of liushi.yaml")
    func xdgWithCounty() {
        let env = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLoader.locate(flag: nil, environment: env, exists: { $0 == "/xdg/liushi/townships" }) == .directory("/xdg/liushi"))
        #expect(ConfigLoader.locate(flag: nil, environment: env, exists: { $0 == "/xdg/liushi/county.yaml" }) == .shipped)
    }
}

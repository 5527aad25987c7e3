"""Path rules ported by hand from Linguist's vendor.yml, documentation.yml and generated.rb.

Ported from the files in third_party/linguist/ (its version: LINGUIST_VERSION in linguist.py).

Linguist (github.com/github-linguist/linguist) is MIT-licensed, Copyright (c) 2017 GitHub, Inc.
Every one of its path rules is here, sorted by the shape of its pattern so that most become set
lookups: `(^|/)NAME/` is a folder of that name at any depth, `^NAME/` a folder at the top of
the repository, `(^|/)NAME$` a file name. The rest stay Linguist's regular expressions over the
whole path (searched, as Ruby's `=~` does), each behind a lower-case NEEDLE that any path it
matches contains, so that a path pays for the few regexes it might match.
"""

from __future__ import annotations

# vendor.yml
VENDORED_FOLDERS: frozenset[str] = frozenset(
    {
        "cache", "dist", "node_modules", "bower_components", "testdata", "vendor", "vendors",
        "Vendor", "extern", "Extern", "external", "External", "externals", "Externals", ".vscode",
        "bootstrap-datepicker", "ace-builds", "MathJax", "admin_media", "env", "Carthage",
        "Sparkle", "Crashlytics.framework", "Fabric.framework", "BuddyBuildSDK.framework",
        "vignettes", "puphpet", ".google_apis", ".github",
    }
)  # fmt: skip
VENDORED_TOP_FOLDERS: frozenset[str] = frozenset({"Dependencies", "dependencies", "deps", "debian"})
VENDORED_NAMES: frozenset[str] = frozenset(
    {
        "configure", "config.guess", "config.sub", "dotnet-install.ps1", "dotnet-install.sh",
        "_esy", "run.n", "effects.js", "controls.js", "dragdrop.js", "dojo.js", "MochiKit.js",
        "ckeditor.js", "Chart.js", "shCore.js", "shLegacy.js", "fabfile.py", "waf", ".osx",
        ".gitattributes", ".gitignore", ".gitmodules", "gradlew", "gradlew.bat", "mvnw",
        "mvnw.cmd", "Vagrantfile", "activator", "activator.bat", "proguard.pro",
        "proguard-rules.pro", "Jenkinsfile", ".gitpod.Dockerfile",
    }
)  # fmt: skip
VENDORED_PATTERNS: tuple[tuple[str, str], ...] = (
    (".m4", r"(^|/)(aclocal|libtool|ltoptions|ltsugar|ltversion|lt~obsolete)\.m4"),
    ("cpplint.py", r"(^|/)cpplint\.py"),
    (".yarn/", r"(^|/)\.yarn/(releases|plugins|sdks|versions|unplugged)/"),
    ("rebar", r"^rebar$"),
    ("erlang.mk", r"(^|/)erlang\.mk"),
    ("godeps/_workspace/", r"(^|/)Godeps/_workspace/"),
    (".indent.pro", r"(^|/)\.indent\.pro"),
    ("min.", r"(\.|-)min\.(js|css)$"),
    ("import.", r"([^\s]*)import\.(css|less|scss|styl)$"),
    ("bootstrap", r"(^|/)bootstrap([^/.]*)(?=\.).*\.(js|css|less|scss|styl)$"),
    ("bootstrap", r"(^|/)custom\.bootstrap([^\s]*)(js|css|less|scss|styl)$"),
    ("awesome", r"(^|/)font-?awesome\.(css|less|scss|styl)$"),
    ("awesome", r"(^|/)font-?awesome/.*\.(css|less|scss|styl)$"),
    ("foundation", r"(^|/)foundation\.(css|less|scss|styl)$"),
    ("normalize.", r"(^|/)normalize\.(css|less|scss|styl)$"),
    ("skeleton.", r"(^|/)skeleton\.(css|less|scss|styl)$"),
    ("ourbon/", r"(^|/)[Bb]ourbon/.*\.(css|less|scss|styl)$"),
    ("animate.", r"(^|/)animate\.(css|less|scss|styl)$"),
    ("materialize.", r"(^|/)materialize\.(css|less|scss|styl|js)$"),
    ("select2/", r"(^|/)select2/.*\.(css|scss|js)$"),
    ("bulma.", r"(^|/)bulma\.(css|sass|scss)$"),
    ("party/", r"(3rd|[Tt]hird)[-_]?[Pp]arty/"),
    ("endor/", r"(^|/)[Vv]+endor/"),
    ("jquery", r"(^|/)jquery([^.]*)\.js$"),
    ("jquery", r"(^|/)jquery\-\d\.\d+(\.\d+)?\.js$"),
    ("jquery", r"(^|/)jquery\-ui(\-\d\.\d+(\.\d+)?)?(\.\w+)?\.(js|css)$"),
    ("jquery", r"(^|/)jquery\.(ui|effects)\.([^.]*)\.(js|css)$"),
    ("jquery", r"(^|/)jquery\.fn\.gantt\.js"),
    ("jquery", r"(^|/)jquery\.fancybox\.(js|css)"),
    ("jquery", r"(^|/)jquery\.fileupload(-\w+)?\.js$"),
    ("jquery", r"(^|/)jquery\.dataTables\.js"),
    ("jquery", r"(^|/)jquery([^.]*)\.validate(\.unobtrusive)?\.js$"),
    ("jquery", r"(^|/)jquery([^.]*)\.unobtrusive\-ajax\.js$"),
    ("fuelux.js", r"(^|/)fuelux\.js"),
    ("bootbox.js", r"(^|/)bootbox\.js"),
    ("pdf.worker.js", r"(^|/)pdf\.worker\.js"),
    ("slick.", r"(^|/)slick\.\w+.js$"),
    ("leaflet", r"(^|/)Leaflet\.Coordinates-\d+\.\d+\.\d+\.src\.js$"),
    ("leaflet", r"(^|/)leaflet\.draw-src\.js"),
    ("leaflet", r"(^|/)leaflet\.draw\.css"),
    ("leaflet", r"(^|/)leaflet\.spin\.js"),
    ("leaflet", r"(^|/)wicket-leaflet\.js"),
    ("control.fullscreen.", r"(^|/)Control\.FullScreen\.(css|js)"),
    (".sublime-", r"(^|/)\.sublime-(project|workspace)"),
    ("prototype", r"(^|/)prototype(.*)\.js$"),
    (".d.ts", r"(.*?)\.d\.ts$"),
    ("mootools", r"(^|/)mootools([^.]*)\d+\.\d+.\d+([^.]*)\.js$"),
    ("yahoo-", r"(^|/)yahoo-([^.]*)\.js$"),
    ("yui", r"(^|/)yui([^.]*)\.js$"),
    ("tiny_mce", r"(^|/)tiny_mce([^.]*)\.js$"),
    ("tiny_mce", r"(^|/)tiny_mce/(langs|plugins|themes|utils)"),
    ("fontello", r"(^|/)fontello(.*?)\.css$"),
    ("codemirror/", r"(^|/)[Cc]ode[Mm]irror/(\d+\.\d+/)?(lib|mode|theme|addon|keymap|demo)"),
    ("shbrush", r"(^|/)shBrush([^.]*)\.js$"),
    ("angular", r"(^|/)angular([^.]*)\.js$"),
    ("d3", r"(^|\/)d3(\.v\d+)?([^.]*)\.js$"),
    ("react", r"(^|/)react(-[^.]*)?\.js$"),
    ("flow-typed/", r"(^|/)flow-typed/.*\.js$"),
    ("modernizr", r"(^|/)modernizr\-\d\.\d+(\.\d+)?\.js$"),
    ("modernizr", r"(^|/)modernizr\.custom\.\d+\.js$"),
    ("knockout-", r"(^|/)knockout-(\d+\.){3}(debug\.)?js$"),
    ("doc", r"(^|/)docs?/_?(build|themes?|templates?|static)/"),
    (".xctemplate/", r"\.xctemplate/"),
    (".imageset/", r"\.imageset/"),
    ("realm", r"(^|/)Realm(Swift)?\.framework"),
    ("gradle/wrapper/", r"(^|/)gradle/wrapper/"),
    (".mvn/wrapper/", r"(^|/)\.mvn/wrapper/"),
    ("-vsdoc.js", r"-vsdoc\.js$"),
    (".intellisense.js", r"\.intellisense\.js$"),
    ("icrosoft", r"(^|/)[Mm]icrosoft([Mm]vc)?([Aa]jax|[Vv]alidation)(\.debug)?\.js$"),
    ("ackages/", r"(^|/)[Pp]ackages\/.+\.\d+\/"),
    ("extjs/", r"(^|/)extjs/.*?\.(js|xml|txt|html|properties)$"),
    ("extjs/", r"(^|/)extjs/(\.sencha|docs|builds|cmd|examples|locale|packages|plugins)/"),
    ("extjs/", r"(^|/)extjs/(resources|src|welcome)/"),
    ("html5shiv.js", r"(^|/)html5shiv\.js"),
    ("fixtures/", r"(^|/)[Tt]ests?/fixtures/"),
    ("fixtures/", r"(^|/)[Ss]pecs?/fixtures/"),
    ("cordova", r"(^|/)cordova([^.]*)\.js$"),
    ("cordova", r"(^|/)cordova\-\d\.\d(\.\d)?\.js$"),
    ("foundation", r"(^|/)foundation(\..*)?\.js$"),
    ("_store", r"(^|/)\.[Dd][Ss]_[Ss]tore$"),
    ("inst/extdata/", r"(^|/)inst/extdata/"),
    ("octicons", r"(^|/)octicons\.css"),
    ("octicons", r"(^|/)sprockets-octicons\.scss"),
)

# documentation.yml
DOCUMENTATION_TOP_FOLDERS: frozenset[str] = frozenset(
    {"docs", "Docs", "doc", "Doc", "man", "Man", "examples", "Examples", "demo", "Demo", "demos",
     "Demos", "samples", "Samples", "sample", "Sample"}
)  # fmt: skip
DOCUMENTATION_FOLDERS: frozenset[str] = frozenset(
    {"Documentation", "documentation", "Groovydoc", "groovydoc", "Javadoc", "javadoc"}
)
DOCUMENTATION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("inst/doc/", r"(^|/)inst/doc/"),
    ("citation", r"(^|/)CITATION(\.cff|(S)?(\.(bib|md))?)$"),
    ("change", r"(^|/)CHANGE(S|LOG)?(\.|$)"),
    ("contributing", r"(^|/)CONTRIBUTING(\.|$)"),
    ("copying", r"(^|/)COPYING(\.|$)"),
    ("install", r"(^|/)INSTALL(\.|$)"),
    ("licen", r"(^|/)LICEN[CS]E(\.|$)"),
    ("licen", r"(^|/)[Ll]icen[cs]e(\.|$)"),
    ("readme", r"(^|/)README(\.|$)"),
    ("readme", r"(^|/)[Rr]eadme(\.|$)"),
)

# generated.rb, the rules that need only the path (the rest read the file: languages/linguist.py)
GENERATED_FOLDERS: frozenset[str] = frozenset({".idea", "Pods"})
GENERATED_PATTERNS: tuple[tuple[str, str], ...] = (
    (".nib", r"\.nib$"),
    (".xc", r"\.xc(workspacedata|userstate)$"),
    ("carthage/build/", r"(^|/)Carthage/Build/"),
    ("__generated__/", r"__generated__/"),
    (".designer.", r"(?i:\.designer\.(cs|vb))$"),
    (".feature.cs", r"(?i:\.feature\.cs)$"),
    ("node_modules/", r"node_modules/"),
    ("vendor/", r"vendor/((?!-)[-0-9A-Za-z]+(?<!-)\.)+(com|edu|gov|in|me|net|org|fm|io)"),
    ("lock", r"(Gopkg|glide)\.lock|poetry\.lock|(^|/)(\w+\.)?esy.lock$|composer\.lock"),
    ("lock", r"Cargo\.lock|Pipfile\.lock|(?:^|/)\.terraform\.lock\.hcl$"),
    ("npm-shrinkwrap.json", r"npm-shrinkwrap\.json"),
    ("package-lock.json", r"package-lock\.json"),
    (".pnp.", r"(^|/)\.pnp\..*$"),
    ("godeps/", r"Godeps/"),
    (".zep.", r".\.zep\.(?:c|h|php)$"),
    ("_tlb.pas", r"(?i:_tlb\.pas)$"),
    (".map", r"(?i:(\.css|\.js)\.map)$"),
)

# Not a Linguist rule: lock files are data to Linguist (never counted), and changes to them are
# no one's skill; they get their own reason so that reports can say what was set aside.
LOCKFILES: frozenset[str] = frozenset(
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
        "bun.lock", "poetry.lock", "Pipfile.lock", "pdm.lock", "uv.lock", "Gemfile.lock",
        "composer.lock", "Cargo.lock", "go.sum", "go.work.sum", "mix.lock", "packages.lock.json",
        "gradle.lockfile", "Package.resolved", "pubspec.lock", "flake.lock", "Podfile.lock",
    }
)  # fmt: skip

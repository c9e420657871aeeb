package io.kubelab.lessons.load;

import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.lessons.check.Check;
import io.kubelab.lessons.check.FieldPath;
import io.kubelab.lessons.load.YamlNode.Loc;
import io.kubelab.lessons.load.YamlNode.YList;
import io.kubelab.lessons.load.YamlNode.YMap;
import io.kubelab.lessons.load.YamlNode.YScalar;
import io.kubelab.lessons.model.Checkpoint;
import io.kubelab.lessons.model.Languages;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.LessonRuntime;
import io.kubelab.lessons.model.Localized;
import io.kubelab.lessons.model.Quiz;
import io.kubelab.lessons.model.SolutionAction;
import io.kubelab.lessons.model.Step;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Loads and validates lessons. {@code lessons/index.yaml} lists the lessons in order; each lives in
 * {@code lessons/<id>/}: {@code lesson.yaml}, the prose of each step in {@code <step>.zh-TW.md} and
 * {@code <step>.en.md} (or inline under {@code prose}), and the lesson's files. Every problem is
 * collected — unknown keys, unknown check types or kinds, bad selectors and field paths, manifests
 * that do not decode, missing translations, quiz answers that are not options — and reported with
 * file, line and column, so an author fixes all of them in one go.
 *
 * <p>The format of {@code lesson.yaml}:
 * <pre>{@code
 * id: 10-nginx-deployment           # the folder's name
 * title: {zh-TW: …, en: …}
 * seed: [22]                        # seed-deck slides this lesson teaches
 * runtime: linux                    # optional: best on real containers (see LessonRuntime)
 * files: [run-my-nginx.yaml]        # offered in the console, usable by solutions
 * steps:
 *   - id: create
 *     title: {zh-TW: …, en: …}
 *     commands: [kubectl apply -f run-my-nginx.yaml, kubectl get po]
 *     check: {exists: {kind: Deployment, name: nginx-deployment}}
 *     hints: {zh-TW: [...], en: [...]}
 *     solution:
 *       - apply: run-my-nginx.yaml  # or: manifest: |  (inline), run: <command>, answer: b
 *     checkpoint: fresh             # or {after: <earlier step>}, or {apply: [file.yaml]}
 *     runtime: linux                # optional: the step only means something with real processes
 *     quiz:                         # for quiz steps, with check {quiz: {answer: b}}
 *       question: {zh-TW: …, en: …}
 *       options: {a: {zh-TW: …, en: …}, b: …}
 * }</pre>
 */
public final class LessonLoader {
    public static final String ROOT = "lessons";
    public static final String INDEX = ROOT + "/index.yaml";

    private static final Pattern LESSON_ID = Pattern.compile("\\d\\d-[a-z0-9][a-z0-9-]*");
    private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> LESSON_KEYS = Set.of("id", "title", "seed", "files", "steps", "runtime");
    private static final Set<String> STEP_KEYS =
            Set.of("id", "title", "prose", "commands", "check", "quiz", "hints", "solution", "checkpoint", "runtime");
    private static final List<String> CHECK_TYPES = List.of("exists", "absent", "field", "count", "serviceType",
            "nodePort", "console", "quiz", "distinctNodes", "sameNode", "all", "any");
    private static final List<String> SOLUTION_TYPES = List.of("run", "apply", "manifest", "answer");

    private final LessonSource source;
    private final boolean decodeManifests;

    public LessonLoader(LessonSource source) {
        this(source, true);
    }

    private LessonLoader(LessonSource source, boolean decodeManifests) {
        this.source = source;
        this.decodeManifests = decodeManifests;
    }

    /** The bundled lessons. */
    public static LessonLoader bundled() {
        return new LessonLoader(LessonSource.classpath());
    }

    /**
     * This loader, but one that does not decode the lessons' manifests to check them (every other
     * check still runs). For the app's start with the bundled lessons, whose manifests
     * {@code BundledLessonsTest} decodes at every build. Decoding them all again through Jackson
     * and the Kubernetes model cost the app about 8 % of its start-up CPU (9.5 against 8.8 s in
     * back-to-back runs on a loaded machine), on the lane the window waited for. A manifest that
     * did not decode would still fail, with the API server's message, when a solution or
     * checkpoint applies it.
     */
    public LessonLoader withoutManifestDecoding() {
        return new LessonLoader(source, false);
    }

    /**
     * Loads every lesson of the index, in order.
     *
     * @throws LessonLoadException listing every problem of every lesson
     */
    public List<Lesson> loadAll() {
        List<LessonProblem> problems = new ArrayList<>();
        List<Lesson> lessons = new ArrayList<>();
        for (String id : index(problems)) {
            Lesson lesson = new FileReader(ROOT + "/" + id + "/lesson.yaml", problems).lesson(id);
            if (lesson != null) {
                lessons.add(lesson);
            }
        }
        if (!problems.isEmpty()) {
            throw new LessonLoadException(problems);
        }
        return lessons;
    }

    /**
     * Loads one lesson by its folder name.
     *
     * @throws LessonLoadException listing its problems
     */
    public Lesson load(String lessonId) {
        List<LessonProblem> problems = new ArrayList<>();
        Lesson lesson = new FileReader(ROOT + "/" + lessonId + "/lesson.yaml", problems).lesson(lessonId);
        if (!problems.isEmpty() || lesson == null) {
            throw new LessonLoadException(problems);
        }
        return lesson;
    }

    private List<String> index(List<LessonProblem> problems) {
        FileReader r = new FileReader(INDEX, problems);
        YamlNode root = r.parse();
        List<String> ids = new ArrayList<>();
        YMap map = root == null ? null : r.map(root, "the lesson index");
        if (map == null) {
            return ids;
        }
        r.keys(map, Set.of("lessons"), "the lesson index");
        YList list = r.list(map, "lessons", true);
        Set<String> seen = new HashSet<>();
        if (list != null) {
            for (YamlNode n : list.items()) {
                String id = r.scalar(n, "a lesson id");
                if (id != null && r.matches(n.loc(), id, LESSON_ID, "a lesson id is <nn>-<name>, e.g. 06-pod")) {
                    if (!seen.add(id)) {
                        r.problem(n.loc(), "lesson \"" + id + "\" is listed twice");
                    } else {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    /** Reads one YAML file of a lesson, collecting problems with this file's name. */
    private final class FileReader {
        private final String file;
        private final List<LessonProblem> problems;

        FileReader(String file, List<LessonProblem> problems) {
            this.file = file;
            this.problems = problems;
        }

        void problem(Loc loc, String message) {
            problems.add(new LessonProblem(file, loc == null ? 0 : loc.line(), loc == null ? 0 : loc.column(), message));
        }

        YamlNode parse() {
            Optional<String> text = source.read(file);
            if (text.isEmpty()) {
                problems.add(new LessonProblem(file, 0, 0, "no such file"));
                return null;
            }
            try {
                YamlNode root = YamlNode.parse(text.get());
                if (root == null) {
                    problems.add(new LessonProblem(file, 0, 0, "the file is empty"));
                }
                return root;
            } catch (YamlNode.YamlSyntaxException e) {
                problem(e.loc, e.getMessage());
                return null;
            }
        }

        // ---- small typed readers ------------------------------------------------------------

        YMap map(YamlNode n, String what) {
            if (n instanceof YMap m) {
                return m;
            }
            problem(n.loc(), what + " must be a map");
            return null;
        }

        void keys(YMap m, Set<String> known, String what) {
            for (Map.Entry<String, Loc> e : m.keys().entrySet()) {
                if (!known.contains(e.getKey())) {
                    problem(e.getValue(), "unknown key \"" + e.getKey() + "\" in " + what + " (known: "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        String scalar(YamlNode n, String what) {
            if (n instanceof YScalar s && s.text() != null) {
                return s.text();
            }
            problem(n.loc(), what + " must be a single value");
            return null;
        }

        /** A required or optional string under {@code key}. */
        String string(YMap m, String key, boolean required, String what) {
            YamlNode n = m.values().get(key);
            if (n == null) {
                if (required) {
                    problem(m.loc(), what + " needs \"" + key + "\"");
                }
                return null;
            }
            return scalar(n, what + "'s " + key);
        }

        Integer integer(YMap m, String key, boolean required, String what) {
            String s = string(m, key, required, what);
            if (s == null) {
                return null;
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                problem(m.values().get(key).loc(), what + "'s " + key + " must be a whole number, got \"" + s + "\"");
                return null;
            }
        }

        YList list(YMap m, String key, boolean required) {
            YamlNode n = m.values().get(key);
            if (n == null) {
                if (required) {
                    problem(m.loc(), "\"" + key + "\" is missing");
                }
                return null;
            }
            if (n instanceof YList l) {
                return l;
            }
            problem(n.loc(), "\"" + key + "\" must be a list");
            return null;
        }

        List<String> strings(YamlNode n, String what) {
            List<String> out = new ArrayList<>();
            if (!(n instanceof YList l)) {
                problem(n.loc(), what + " must be a list");
                return out;
            }
            for (YamlNode item : l.items()) {
                String s = scalar(item, "each of " + what);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        boolean matches(Loc loc, String value, Pattern pattern, String rule) {
            if (pattern.matcher(value).matches()) {
                return true;
            }
            problem(loc, "bad value \"" + value + "\": " + rule);
            return false;
        }

        /** Text in every language: {@code {zh-TW: …, en: …}}. */
        Localized<String> localized(YamlNode n, String what) {
            YMap m = map(n, what);
            if (m == null) {
                return null;
            }
            keys(m, Set.copyOf(Languages.ALL), what);
            Map<String, String> values = new LinkedHashMap<>();
            for (String lang : Languages.ALL) {
                YamlNode v = m.values().get(lang);
                if (v == null) {
                    problem(m.loc(), what + " has no " + lang + " text");
                } else {
                    String s = scalar(v, what + " in " + lang);
                    if (s != null) {
                        values.put(lang, s.strip());
                    }
                }
            }
            return values.size() == Languages.ALL.size() ? new Localized<>(values) : null;
        }

        // ---- lesson ---------------------------------------------------------------------

        Lesson lesson(String folderId) {
            YamlNode root = parse();
            if (root == null) {
                return null;
            }
            YMap m = map(root, "a lesson");
            if (m == null) {
                return null;
            }
            keys(m, LESSON_KEYS, "a lesson");
            String id = string(m, "id", true, "a lesson");
            if (id != null && !id.equals(folderId)) {
                problem(m.values().get("id").loc(), "the lesson's id \"" + id + "\" is not its folder's name \"" + folderId + "\"");
            }
            Localized<String> title = m.values().containsKey("title") ? localized(m.values().get("title"), "the lesson's title") : null;
            if (!m.values().containsKey("title")) {
                problem(m.loc(), "a lesson needs a title");
            }
            List<Integer> seed = new ArrayList<>();
            if (m.values().containsKey("seed")) {
                for (String s : strings(m.values().get("seed"), "seed")) {
                    try {
                        seed.add(Integer.parseInt(s));
                    } catch (NumberFormatException e) {
                        problem(m.values().get("seed").loc(), "seed lists slide numbers, got \"" + s + "\"");
                    }
                }
            }
            LessonRuntime runtime = runtime(m, "a lesson");
            Map<String, String> files = new LinkedHashMap<>();
            if (m.values().containsKey("files")) {
                for (String f : strings(m.values().get("files"), "files")) {
                    readFile(folderId, f, m.values().get("files").loc()).ifPresent(text -> files.put(f, text));
                }
            }
            List<Step> steps = new ArrayList<>();
            YList stepList = list(m, "steps", true);
            if (stepList != null) {
                if (stepList.items().isEmpty()) {
                    problem(stepList.loc(), "a lesson needs at least one step");
                }
                Set<String> ids = new HashSet<>();
                for (YamlNode n : stepList.items()) {
                    Step step = step(folderId, n, steps, ids);
                    if (step != null) {
                        steps.add(step);
                    }
                }
            }
            return title == null ? null : new Lesson(folderId, title, seed, files, steps, runtime);
        }

        /**
         * The optional {@code runtime}: {@code linux} (real containers) or {@code any}. Any other
         * value is refused, so a typo such as {@code runtime: linx} never quietly means "either".
         */
        LessonRuntime runtime(YMap m, String what) {
            String value = string(m, "runtime", false, what);
            if (value == null) {
                return LessonRuntime.ANY;
            }
            Optional<LessonRuntime> runtime = LessonRuntime.byId(value);
            if (runtime.isEmpty()) {
                problem(m.values().get("runtime").loc(), "unknown runtime \"" + value + "\" in " + what
                        + " (known: any, linux): linux marks what is best done on real containers");
                return LessonRuntime.ANY;
            }
            return runtime.get();
        }

        /** A lesson file's text, read beside lesson.yaml. */
        Optional<String> readFile(String lessonId, String name, Loc loc) {
            if (!FILE_NAME.matcher(name).matches()) {
                problem(loc, "bad file name \"" + name + "\": a plain name in the lesson's folder");
                return Optional.empty();
            }
            Optional<String> text = source.read(ROOT + "/" + lessonId + "/" + name);
            if (text.isEmpty()) {
                problem(loc, "no file " + ROOT + "/" + lessonId + "/" + name);
            }
            return text;
        }

        // ---- step -----------------------------------------------------------------------

        Step step(String lessonId, YamlNode n, List<Step> earlier, Set<String> ids) {
            YMap m = map(n, "a step");
            if (m == null) {
                return null;
            }
            keys(m, STEP_KEYS, "a step");
            String id = string(m, "id", true, "a step");
            if (id == null || !matches(m.values().get("id").loc(), id, STEP_ID, "a step id is lower-case letters, digits and '-'")) {
                return null;
            }
            if (!ids.add(id)) {
                problem(m.values().get("id").loc(), "step \"" + id + "\" appears twice");
            }
            String what = "step \"" + id + "\"";
            Localized<String> title = null;
            if (m.values().containsKey("title")) {
                title = localized(m.values().get("title"), what + "'s title");
            } else {
                problem(m.loc(), what + " needs a title");
            }
            Localized<String> prose = prose(lessonId, id, m, what);
            LessonRuntime runtime = runtime(m, what);
            List<String> commands = m.values().containsKey("commands") ? strings(m.values().get("commands"), "commands") : List.of();
            Quiz quiz = m.values().containsKey("quiz") ? quiz(m.values().get("quiz"), what) : null;
            Check check = m.values().containsKey("check") ? check(m.values().get("check")) : null;
            Localized<List<String>> hints = hints(m, what);
            List<SolutionAction> solution = m.values().containsKey("solution")
                    ? solution(lessonId, m.values().get("solution"), quiz) : List.of();
            Checkpoint checkpoint = m.values().containsKey("checkpoint")
                    ? checkpoint(lessonId, m.values().get("checkpoint"), earlier)
                    : earlier.isEmpty() ? new Checkpoint.Fresh() : new Checkpoint.AfterStep(earlier.get(earlier.size() - 1).id());

            // Rules across the step's parts.
            boolean quizCheck = check instanceof Check.Quiz;
            if (quiz != null && !quizCheck && m.values().containsKey("check")) {
                problem(m.keys().get("check"), what + " has a quiz, so its check is {quiz: {answer: …}}");
            }
            if (quiz != null && check == null && !m.values().containsKey("check")) {
                problem(m.keys().get("quiz"), what + " has a quiz but no check naming the right answer");
            }
            if (check instanceof Check.Quiz q) {
                if (quiz == null) {
                    problem(m.keys().get("check"), what + " checks a quiz answer but has no quiz");
                } else if (!quiz.hasOption(q.answer())) {
                    problem(m.keys().get("check"), "the answer \"" + q.answer() + "\" is not an option of " + what + "'s quiz");
                }
            }
            if (m.values().containsKey("check") && !m.values().containsKey("solution")) {
                problem(m.keys().get("check"), what + " has a check but no solution: CI replays every solution");
            }
            if (title == null || prose == null) {
                return null;
            }
            return new Step(id, title, prose, commands, check, quiz, hints, solution, checkpoint, runtime);
        }

        Localized<String> prose(String lessonId, String stepId, YMap m, String what) {
            if (m.values().containsKey("prose")) {
                return localized(m.values().get("prose"), what + "'s prose");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String lang : Languages.ALL) {
                String name = ROOT + "/" + lessonId + "/" + stepId + "." + lang + ".md";
                Optional<String> text = source.read(name);
                if (text.isEmpty() || text.get().isBlank()) {
                    problem(m.loc(), what + " has no " + lang + " prose: write " + name + " or prose." + lang);
                } else {
                    values.put(lang, text.get().strip());
                }
            }
            return values.size() == Languages.ALL.size() ? new Localized<>(values) : null;
        }

        Localized<List<String>> hints(YMap m, String what) {
            YamlNode n = m.values().get("hints");
            Map<String, List<String>> values = new LinkedHashMap<>();
            if (n == null) {
                for (String lang : Languages.ALL) {
                    values.put(lang, List.of());
                }
                return new Localized<>(values);
            }
            YMap hm = map(n, what + "'s hints");
            if (hm == null) {
                return new Localized<>(Map.of(Languages.ALL.get(0), List.of()));
            }
            keys(hm, Set.copyOf(Languages.ALL), what + "'s hints");
            int count = -1;
            for (String lang : Languages.ALL) {
                YamlNode v = hm.values().get(lang);
                List<String> list = v == null ? List.of() : strings(v, what + "'s " + lang + " hints");
                if (v == null) {
                    problem(hm.loc(), what + " has no " + lang + " hints");
                } else if (count >= 0 && list.size() != count) {
                    problem(v.loc(), what + " has " + list.size() + " " + lang + " hints but " + count + " in "
                            + Languages.ALL.get(0) + ": translations must match");
                }
                count = count < 0 ? list.size() : count;
                values.put(lang, List.copyOf(list));
            }
            return new Localized<>(values);
        }

        Quiz quiz(YamlNode n, String what) {
            YMap m = map(n, what + "'s quiz");
            if (m == null) {
                return null;
            }
            keys(m, Set.of("question", "options"), what + "'s quiz");
            Localized<String> question = m.values().containsKey("question")
                    ? localized(m.values().get("question"), what + "'s question") : null;
            if (!m.values().containsKey("question")) {
                problem(m.loc(), what + "'s quiz needs a question");
            }
            List<Quiz.Option> options = new ArrayList<>();
            YamlNode on = m.values().get("options");
            YMap om = on == null ? null : map(on, what + "'s options");
            if (on == null) {
                problem(m.loc(), what + "'s quiz needs options");
            }
            if (om != null) {
                for (Map.Entry<String, YamlNode> e : om.values().entrySet()) {
                    Localized<String> text = localized(e.getValue(), "option " + e.getKey());
                    if (text != null) {
                        options.add(new Quiz.Option(e.getKey(), text));
                    }
                }
                if (om.values().size() < 2) {
                    problem(om.loc(), what + "'s quiz needs at least two options");
                }
            }
            return question == null ? null : new Quiz(question, options);
        }

        // ---- checks ---------------------------------------------------------------------

        Check check(YamlNode n) {
            YMap m = map(n, "a check");
            if (m == null) {
                return null;
            }
            if (m.values().size() != 1) {
                problem(m.loc(), "a check has exactly one type, e.g. {exists: {kind: Pod, name: my-pod}}; found "
                        + m.values().size() + ": " + String.join(", ", m.values().keySet()));
                return null;
            }
            String type = m.values().keySet().iterator().next();
            Loc typeLoc = m.keys().get(type);
            YamlNode args = m.values().get(type);
            String nsWhat = "a \"" + type + "\" check";
            switch (type) {
                case "all", "any" -> {
                    if (!(args instanceof YList l) || l.items().isEmpty()) {
                        problem(args.loc(), nsWhat + " takes a list of checks");
                        return null;
                    }
                    List<Check> checks = new ArrayList<>();
                    for (YamlNode item : l.items()) {
                        Check c = check(item);
                        if (c != null) {
                            checks.add(c);
                        }
                    }
                    if (checks.size() != l.items().size()) {
                        return null;
                    }
                    return type.equals("all") ? new Check.AllOf(checks) : new Check.AnyOf(checks);
                }
                case "nodePort" -> {
                    if (args instanceof YScalar) {
                        Integer port = port(args);
                        return port == null ? null : new Check.NodePort(null, null, port);
                    }
                    YMap a = map(args, nsWhat);
                    if (a == null) {
                        return null;
                    }
                    keys(a, Set.of("service", "port", "namespace"), nsWhat);
                    Integer port = a.values().containsKey("port") ? port(a.values().get("port")) : null;
                    if (!a.values().containsKey("port")) {
                        problem(a.loc(), nsWhat + " needs \"port\"");
                    }
                    return port == null ? null
                            : new Check.NodePort(string(a, "namespace", false, nsWhat), string(a, "service", false, nsWhat), port);
                }
                case "quiz" -> {
                    YMap a = map(args, nsWhat);
                    if (a == null) {
                        return null;
                    }
                    keys(a, Set.of("answer"), nsWhat);
                    String answer = string(a, "answer", true, nsWhat);
                    return answer == null ? null : new Check.Quiz(answer);
                }
                case "console" -> {
                    YMap a = map(args, nsWhat);
                    if (a == null) {
                        return null;
                    }
                    keys(a, Set.of("ran", "matches"), nsWhat);
                    List<String> ran = new ArrayList<>();
                    YamlNode r = a.values().get("ran");
                    if (r instanceof YList) {
                        ran.addAll(strings(r, "ran"));
                    } else if (r != null) {
                        String s = scalar(r, "ran");
                        if (s != null) {
                            ran.add(s);
                        }
                    }
                    String regex = string(a, "matches", false, nsWhat);
                    if (regex != null) {
                        try {
                            Pattern.compile(regex);
                        } catch (PatternSyntaxException e) {
                            problem(a.values().get("matches").loc(), "bad regular expression: " + e.getDescription());
                            return null;
                        }
                    }
                    if (ran.isEmpty() && regex == null) {
                        problem(a.loc(), nsWhat + " needs \"ran\" (a command's first words) or \"matches\" (a regular expression)");
                        return null;
                    }
                    return new Check.ConsoleRan(ran, regex);
                }
                case "exists", "absent", "field", "count", "serviceType", "distinctNodes", "sameNode" -> {
                    YMap a = map(args, nsWhat);
                    return a == null ? null : objectCheck(type, a, nsWhat);
                }
                default -> {
                    problem(typeLoc, "unknown check type \"" + type + "\" (known: " + String.join(", ", CHECK_TYPES) + ")");
                    return null;
                }
            }
        }

        private Integer port(YamlNode n) {
            String s = scalar(n, "a node port");
            if (s == null) {
                return null;
            }
            try {
                int p = Integer.parseInt(s);
                // The API server's default --service-node-port-range.
                if (p < 30000 || p > 32767) {
                    problem(n.loc(), "node port " + p + " is outside the range 30000-32767");
                    return null;
                }
                return p;
            } catch (NumberFormatException e) {
                problem(n.loc(), "a node port is a number, got \"" + s + "\"");
                return null;
            }
        }

        private Check objectCheck(String type, YMap a, String what) {
            int before = problems.size();
            String ns = string(a, "namespace", false, what);
            switch (type) {
                case "exists", "absent" -> {
                    keys(a, Set.of("kind", "name", "namespace"), what);
                    ResourceType kind = kind(a, what, null);
                    String name = string(a, "name", true, what);
                    if (problems.size() > before) {
                        return null;
                    }
                    return type.equals("exists") ? new Check.Exists(kind, ns, name) : new Check.Absent(kind, ns, name);
                }
                case "field" -> {
                    keys(a, Set.of("kind", "name", "namespace", "path", "equals"), what);
                    ResourceType kind = kind(a, what, null);
                    String name = string(a, "name", true, what);
                    String path = string(a, "path", true, what);
                    if (path != null) {
                        try {
                            FieldPath.parse(path);
                        } catch (IllegalArgumentException e) {
                            problem(a.values().get("path").loc(), e.getMessage());
                        }
                    }
                    String equals = string(a, "equals", true, what);
                    return problems.size() > before ? null : new Check.Field(kind, ns, name, path, equals);
                }
                case "count" -> {
                    keys(a, Set.of("kind", "namespace", "selector", "phase", "atLeast", "atMost", "equals"), what);
                    ResourceType kind = kind(a, what, ResourceTypes.PODS);
                    String selector = selector(a, false, what);
                    String phase = string(a, "phase", false, what);
                    if (phase != null && kind != ResourceTypes.PODS) {
                        problem(a.keys().get("phase"), "only pods have a phase");
                    }
                    if (phase != null && !Set.of("Pending", "Running", "Succeeded", "Failed", "Unknown").contains(phase)) {
                        problem(a.values().get("phase").loc(), "unknown pod phase \"" + phase
                                + "\" (Pending, Running, Succeeded, Failed, Unknown)");
                    }
                    Integer atLeast = integer(a, "atLeast", false, what);
                    Integer atMost = integer(a, "atMost", false, what);
                    Integer eq = integer(a, "equals", false, what);
                    if (!a.values().containsKey("atLeast") && !a.values().containsKey("atMost") && !a.values().containsKey("equals")) {
                        problem(a.loc(), what + " needs atLeast, atMost or equals");
                    }
                    return problems.size() > before ? null : new Check.Count(kind, ns, selector, phase, atLeast, atMost, eq);
                }
                case "serviceType" -> {
                    keys(a, Set.of("name", "namespace", "type"), what);
                    String name = string(a, "name", true, what);
                    String svcType = string(a, "type", true, what);
                    if (svcType != null && !Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(svcType)) {
                        problem(a.values().get("type").loc(), "unknown service type \"" + svcType
                                + "\" (ClusterIP, NodePort, LoadBalancer, ExternalName)");
                    }
                    return problems.size() > before ? null : new Check.ServiceType(ns, name, svcType);
                }
                case "distinctNodes" -> {
                    keys(a, Set.of("namespace", "selector", "atLeast"), what);
                    String selector = selector(a, true, what);
                    Integer atLeast = integer(a, "atLeast", true, what);
                    return problems.size() > before ? null : new Check.DistinctNodes(ns, selector, atLeast);
                }
                case "sameNode" -> {
                    keys(a, Set.of("namespace", "selectors"), what);
                    List<String> selectors = a.values().containsKey("selectors")
                            ? strings(a.values().get("selectors"), "selectors") : List.of();
                    if (selectors.isEmpty()) {
                        problem(a.loc(), what + " needs \"selectors\": a list of label selectors");
                    }
                    for (String s : selectors) {
                        validSelector(s, a.values().get("selectors").loc());
                    }
                    return problems.size() > before ? null : new Check.SameNode(ns, selectors);
                }
                default -> throw new IllegalStateException(type);
            }
        }

        private ResourceType kind(YMap a, String what, ResourceType dflt) {
            String kind = string(a, "kind", dflt == null, what);
            if (kind == null) {
                return dflt;
            }
            Optional<ResourceType> t = ResourceTypes.resolve(kind);
            if (t.isEmpty()) {
                problem(a.values().get("kind").loc(), "unknown kind \"" + kind + "\"");
                return null;
            }
            return t.get();
        }

        private String selector(YMap a, boolean required, String what) {
            String s = string(a, "selector", required, what);
            if (s != null) {
                validSelector(s, a.values().get("selector").loc());
            }
            return s;
        }

        private void validSelector(String s, Loc loc) {
            try {
                Selectors.parseLabelSelector(s);
            } catch (ApiException e) {
                problem(loc, "bad label selector \"" + s + "\": " + e.getMessage());
            }
        }

        // ---- solutions and checkpoints --------------------------------------------------------

        List<SolutionAction> solution(String lessonId, YamlNode n, Quiz quiz) {
            List<SolutionAction> out = new ArrayList<>();
            if (!(n instanceof YList l) || l.items().isEmpty()) {
                problem(n.loc(), "a solution is a list of actions: run, apply, manifest or answer");
                return out;
            }
            for (YamlNode item : l.items()) {
                YMap m = map(item, "a solution action");
                if (m == null) {
                    continue;
                }
                if (m.values().size() != 1) {
                    problem(m.loc(), "a solution action has one key: run, apply, manifest or answer");
                    continue;
                }
                String type = m.values().keySet().iterator().next();
                YamlNode v = m.values().get(type);
                String value = scalar(v, "\"" + type + "\"");
                if (value == null) {
                    continue;
                }
                switch (type) {
                    case "run" -> out.add(new SolutionAction.RunCommand(value.strip()));
                    case "apply" -> readFile(lessonId, value, v.loc()).ifPresent(text -> {
                        if (validManifest(text, value, v.loc())) {
                            out.add(new SolutionAction.ApplyManifest(value, text));
                        }
                    });
                    case "manifest" -> {
                        if (validManifest(value, "inline manifest", v.loc())) {
                            out.add(new SolutionAction.ApplyManifest("inline", value));
                        }
                    }
                    case "answer" -> {
                        if (quiz == null) {
                            problem(v.loc(), "an answer solves a quiz, and this step has none");
                        } else if (!quiz.hasOption(value)) {
                            problem(v.loc(), "the answer \"" + value + "\" is not an option of the quiz");
                        } else {
                            out.add(new SolutionAction.AnswerQuiz(value));
                        }
                    }
                    default -> problem(m.keys().get(type), "unknown solution action \"" + type + "\" (known: "
                            + String.join(", ", SOLUTION_TYPES) + ")");
                }
            }
            return out;
        }

        /** Whether every document of a manifest decodes to a type the cluster serves. */
        private boolean validManifest(String yaml, String name, Loc loc) {
            if (!decodeManifests) {
                return true;
            }
            try {
                var docs = Kube.readDocuments(yaml);
                if (docs.isEmpty()) {
                    problem(loc, name + ": no objects in the manifest");
                    return false;
                }
                for (var doc : docs) {
                    ResourceTypes.decode(doc);
                }
                return true;
            } catch (ManifestException e) {
                problem(loc, name + ": " + e.getMessage().lines().findFirst().orElse(""));
                return false;
            }
        }

        Checkpoint checkpoint(String lessonId, YamlNode n, List<Step> earlier) {
            if (n instanceof YScalar s) {
                if ("fresh".equals(s.text())) {
                    return new Checkpoint.Fresh();
                }
                problem(n.loc(), "a checkpoint is \"fresh\", {after: <earlier step>} or {apply: [files]}");
                return new Checkpoint.Fresh();
            }
            YMap m = map(n, "a checkpoint");
            if (m == null) {
                return new Checkpoint.Fresh();
            }
            keys(m, Set.of("after", "apply"), "a checkpoint");
            if (m.values().size() != 1) {
                problem(m.loc(), "a checkpoint is \"fresh\", {after: <earlier step>} or {apply: [files]}");
                return new Checkpoint.Fresh();
            }
            if (m.values().containsKey("after")) {
                String after = scalar(m.values().get("after"), "after");
                if (after != null && earlier.stream().noneMatch(s -> s.id().equals(after))) {
                    problem(m.values().get("after").loc(), "\"" + after + "\" is not an earlier step of this lesson");
                }
                return after == null ? new Checkpoint.Fresh() : new Checkpoint.AfterStep(after);
            }
            List<SolutionAction.ApplyManifest> manifests = new ArrayList<>();
            if (m.values().containsKey("apply")) {
                YamlNode files = m.values().get("apply");
                for (String f : strings(files, "apply")) {
                    readFile(lessonId, f, files.loc()).ifPresent(text -> {
                        if (validManifest(text, f, files.loc())) {
                            manifests.add(new SolutionAction.ApplyManifest(f, text));
                        }
                    });
                }
            }
            return new Checkpoint.Apply(manifests);
        }
    }
}

package io.kubelab.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine's module rules: no JavaFX, no processes. Anything real sits behind a port. */
class ArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void load() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubelab.engine");
    }

    @Test
    void engineImportsNoJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the engine runs headless and under the HTTP API; the app owns the UI")
                .check(engine);
    }

    @Test
    void engineStartsNoProcesses() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .because("real containers, runc and iptables belong to linux-runtime behind the engine's ports")
                .check(engine);
    }

    @Test
    void engineDoesNotDependOnOtherModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.kubelab.runtime..", "io.kubelab.app..", "io.kubelab.lessons..", "io.kubelab.slides..")
                .check(engine);
    }
}

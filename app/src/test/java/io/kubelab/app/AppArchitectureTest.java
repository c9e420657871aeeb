package io.kubelab.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** MVVM in the app, JabRef's way: view models hold no controls; the cluster view's model is plain Java. */
class AppArchitectureTest {
    private static JavaClasses app;

    @BeforeAll
    static void load() {
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubelab.app");
    }

    @Test
    void viewModelsHoldNoControls() {
        classes().that().haveSimpleNameEndingWith("ViewModel")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("javafx.scene..", "javafx.stage..", "org.fxmisc..")
                .because("a view model is tested without a window; the view is as thin as possible")
                .check(app);
    }

    @Test
    void theClusterModelLayoutAndStatusArePlainJava() {
        noClasses().that().haveSimpleNameStartingWith("ClusterModel").or().haveSimpleName("ClusterLayout")
                .or().haveSimpleName("PodStatusText").or().haveSimpleName("Camera").or().haveSimpleName("PathPlayer")
                .or().haveSimpleName("PodInfo").or().haveSimpleName("NodeInfo").or().haveSimpleName("ServiceInfo")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the cluster view's model and geometry are tested and benchmarked without JavaFX")
                .check(app);
    }

    @Test
    void featuresDoNotReachIntoTheMainWindow() {
        noClasses().that().resideInAnyPackage("io.kubelab.app.cluster..", "io.kubelab.app.inspector..",
                        "io.kubelab.app.timeline..", "io.kubelab.app.controls..", "io.kubelab.app.theme..",
                        "io.kubelab.app.i18n..", "io.kubelab.app.session..", "io.kubelab.app.lessons..",
                        "io.kubelab.app.slides..", "io.kubelab.app.presenter..", "io.kubelab.app.console..", "io.kubelab.app.editor..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Main")
                .because("the main window composes the features, not the other way round")
                .check(app);
    }
}

// The example's build passed (the default invoker.buildResult); check that its tests ran: one per scenario file.
import javax.xml.parsers.DocumentBuilderFactory

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.bpf.TcxScenariosTest.xml')
assert report.isFile() : "no surefire report: the tests did not run"
def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
def cases = suite.getElementsByTagName('testcase')
def names = (0..<cases.length).collect { cases.item(it).getAttribute('name') }
assert suite.getAttribute('tests') == '3' : "expected 3 scenario tests, found ${names}"
assert suite.getAttribute('failures') == '0' && suite.getAttribute('errors') == '0'
['attach-before-and-query', 'commit-before-sync-is-caught', 'detach-races-reader'].each { n ->
    assert names.any { it.startsWith(n) } : "no test for ${n} in ${names}"
}
return true

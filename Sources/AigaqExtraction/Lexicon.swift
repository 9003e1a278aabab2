/// Word lists of the genre and of the languages. They describe how names,
/// titles and legal phrases are formed in Central Asian and Russian usage;
/// they are not lists of any report's people.
enum Lexicon {
    /// Given names (lower case, Latin transliterations in common spellings and
    /// Cyrillic originals) of Kazakh, Kyrgyz, Uzbek, Tajik, Turkmen, Russian,
    /// Ukrainian and common European usage.
    static let givenNames: WordSet = {
        let latin = """
        abai abay abdulla abdullah abdurakhman abdurashid abdusattor abilkair ablai ablay  abylai abylay adil adilbek adilet \
        adilzhan agzam aibek aibol aidana aidar aidos aidyn aigerim aigul aigerym aikerim aimira ainur aisulu aizhan akbota akerke \
        akmaral akylbek akylzhan alibek alikhan alimzhan alisher alia aliya alina alma almas almat almaz almira altai altay altynai \
        altynbek amangeldy amangeldi amanzhol amina amir amirbek anara anuar aron arman armanbek arsen arslan arystan asan asanali \
        asel asem aset askar askhat aslan assel asylbek asylkhan aya ayan aydos aygerim aynur azamat azat azhar bagdagul bakhyt \
        bakhytzhan bakytzhan bakyt  balzhan barlyk batyr bauyrzhan baurzhan bekbolat bekzat  berik bibigul bolat \
        bolatbek bolatkhan bota botagoz bulat chingiz chingis dana daniyar daniiar dariga darkhan dastan daulet dauren diana didar \
        dilbar dilnaz dilnoza dinara dina duman dulat elmira erbol erlan ermek erzhan farhad farkhad farit galym galymzhan gaukhar \
        gulbanu gulmira gulnar gulnara gulnaz gulzhan  gulzada gulzat guzal ilyas inkar iskander islam kairat kaisar  \
          kamila kanat  karlygash kasym kassym kazybek kenzhebek kuanysh kuat kulpash laura lazzat lyazzat madi \
        maira makhambet maks maksat malik marat mariyam meirambek meiram meruert medet  mukhtar  murat muratbek \
         muratkhan mukhit nazym nurbek nurgul nurlan nurlybek nursultan nurzhan nurakhan nurbol olzhas oralbek orynbasar \
         rakhat ramazan rinat roza rysbek sabyrzhan   saken salamat saltanat samal sanat sanzhar saule \
        saule sayat  serik serikbol serikzhan   sholpan syrym talgat  temirlan  timur tokhtar \
        tolegen tursyn  ulan ulzhan yerbol yergali yerkin yerlan yermek yerulan yerzhan yesset yedige zarina zhaksylyk \
        zhambyl zhan zhanar zhanara zhanat zhandarbek zhanmurat zhannur  zhazira zhenis zhomart zhuldyz zinaida zhasulan \
        zhanbolat kanatbek nurdaulet ersin yernar nurken daulet dias alimzhan asylzhan bekzhan kairatbek ruslanbek aiman aisha \
        bayan gulshat kuralai kymbat madina moldir nazerke togzhan zhibek zere aruzhan akmaral asylbek erkin erkinbek azamatbek \
        kadyr kadyrbek kubanychbek kubat sadyr almazbek temir temirbek bakyt jyldyz aibek bektur chyngyz nurlanbek omurbek \
        sooronbay kamchybek tilek emil gulnura kanyshai makhabat aida \
        abdulaziz abdullo akmal alisher anvar azizbek bakhodir bobur davron dilshod doniyor farrukh jamshid jasur khurshid \
        rustam sardor shavkat shukhrat sanjar ulugbek umid zafar nodira dildora gulnora kamola malika mukhabbat shakhnoza \
        umida feruza lola nilufar akbar ilkhom muzaffar otabek sherzod bekzod sobir alijon davlat rahmon emomali faridun \
        gurbanguly serdar saparmurat ogulsapar annamurat \
        aleksandr alexander alexandr aleksey alexey alexei anatoly anatoliy andrei andrey anna anton arkady artem artyom artur \
        boris daniil denis dmitriy dmitry dmitri evgeniy evgeny eugene galina gennady georgy grigory igor ilya inna irina ivan \
        kirill konstantin larisa leila leyla lev lidia lyudmila lyudmyla maksim maxim margarita maria mariya marina mikhail \
        nadezhda natalia nataliya natalya nikita nikolai nikolay oksana oleg olga pavel petr pyotr roman ruslan sergei sergey \
        stanislav svetlana tatiana tatyana valentina valery valeriy vasilina vasily vera viktor victor vladimir vladislav \
        vyacheslav yaroslav yelena elena yevgeniy yevgeny yulia yuliya yuri yury zhanna ekaterina yekaterina oleksandra \
        oleksandr volodymyr mykola mykhailo dmytro serhiy yuriy taras bohdan olena nataliia tetiana iryna \
        john james michael david robert william richard joseph thomas charles mike mark paul peter george steven kevin brian \
        mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa julia helen anne annie \
        isabel isabelle helmut viola nacho roberto mauro valeria lia petras roza  hans klaus wolfgang jurgen angela \
        pierre jean marie francois antonio giuseppe marco luca giovanni maria carlos jose juan pedro manuel \
        ahmed mohammed muhammad mohammad ali hassan hussein omar fatima \
        bolot kanybek kylychbek mirlan tynchtyk ravshan kadyrbek zhanybek makhabat mahabat aizada kanykei cholpon \
        bermet begaim aiperi nazira daler firdavs buzurgmehr khurshed mahmadali manuchehr mirzo muhammadjon nuriddin \
        saidjafar shabnam sulton umed mehrangez dilrabo farzona parviz izzat jamshed bakhrom dilmurod kamoliddin nodir \
        oybek rashid shokir tulkin valijon yusuf afgan anar arif bakhtiyar elchin elvin emin ilgar ilham mehman namig \
        ramin rauf rovshan tofig ulvi vugar zaur akif arzu gunel khadija nargiz sevinj sevda ulviyya farid fuad hafiz \
        igbal orkhan murad teymur tural nurgeldi mansur soltan aset ales alies ihar siarhei viktar uladzimir aliaksandr \
        aliaksei dzmitry mikalai raman yauhen yauheni yury vasil maryja maryia palina katsiaryna nasta volha darya \
        tatsiana alena hanna liudmila artsiom ryhor leanid zmitser yegor egor fyodor fedor timofei vsevolod yevgenia \
        evgenia lilia sofia sofya daria ksenia kseniya polina alla alyona lyubov nina tamara zoya viktoria victoria \
        yuliia valeriya kristina diana karina angelina semyon arseniy daniil ildar azat marsel rinat ramil
        """
        let cyrillic = """
        абай айбек айгерим айгуль айдар айдос алия алмат алма алмаз амангельды анар асель асем асет аскар асхат аслан асылбек \
        ахмет бакыт бахыт бахытжан болат ботагоз булат галым гульмира гульнара гульжан даурен данияр дарига динара дина дулат \
        дамир ербол ерлан ержан ерлан жанар жанат жанара жандарбек жазира жамбыл жаслан зарина ильяс искандер кайрат канат \
        касым кенжебек куаныш мадина маргулан марат махамбет медет мухтар мурат муратбек нурлан нурсултан нуржан нургуль олжас \
        раушан ризван роза руслан саят серик серикжан сергей талгат тимур темирлан ерзан ерболат ерке жулдыз жансая \
        александр алексей анатолий андрей анна антон артем артур борис вадим валентина валерий василий вера виктор владимир \
        вячеслав галина геннадий георгий григорий денис дмитрий евгений екатерина елена иван игорь илья ирина кирилл \
        константин лариса лев лейла людмила максим мария марина михаил надежда наталья николай оксана олег ольга павел \
        петр роман светлана станислав татьяна юлия юрий ярослав анастасия \
        алмазбек азамат болот чынгыз эрмек канатбек кубанычбек мирлан нурбек омурбек садыр сооронбай тилек улан бектур \
        адилет равшан жаныбек махабат каныкей айзада бегайым айпери назира жылдыз бермет чолпон гулжан гульжан далер \
        фирдавс фаррух зафар дилшод шабнам манучехр мирзо умед джамшед отабек бахром анвар бобур жасур санжар \
        эльчин эльвин тофиг ильгар рауф вугар севиндж лейла хадиджа евгения лилия алена алёна дарья ксения полина \
        софья егор федор фёдор тимофей всеволод любовь нина тамара зоя семен семён лидия ангелина виктория валерия \
        кристина алина диана карина антонина майя арсений данил даниил рамиль ринат марсель ильдар азат алесь игорь \
        сергей виктор павел дмитрий
        """
        var set = Set<String>()
        for w in latin.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }) where !w.isEmpty { set.insert(String(w)) }
        for w in cyrillic.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }) where !w.isEmpty { set.insert(String(w)) }
        return WordSet(set)
    }()

    /// Endings of surnames and patronymic surnames (lower case).
    static let surnameEndings: [String] = [
        "ov", "ova", "ev", "eva", "yev", "yeva", "iev", "ieva", "in", "ina", "yn", "yna", "uly", "kyzy", "qyzy", "uulu",
        "bek", "bekov", "bay", "bai", "baev", "bayev", "enko", "chuk", "yuk", "sky", "ski", "skiy", "skaya", "vich",
        "dze", "shvili", "yan", "zoda", "zada", "iy", "iyev", "uk", "ko", "ova", "ovna", "evna", "oglu", "ogly",
        "ов", "ова", "ев", "ева", "ин", "ина", "ын", "ына", "улы", "кызы", "ұлы", "қызы", "бек", "бай", "енко", "ко",
        "ук", "юк", "ич", "ский", "ская", "цкий", "цкая", "ый", "ий", "зода",
        // Russian surnames in the cases news puts them in (Абдыкадырову, Шариповым, Ивановой).
        "ову", "еву", "ину", "овым", "евым", "иным", "овой", "евой", "иной",
        // Azerbaijani, Tajik and Belarusian (in Latin letters) forms.
        "li", "lu", "zade", "zoda", "zod", "ich", "enka", "onak", "ovich", "evich",
    ]

    /// Endings that make a word a surname for sure (used to refuse it as a given name).
    static let strongSurnameEndings: [String] = ["ov", "ova", "ev", "eva", "yev", "yeva", "uly", "kyzy", "bayev", "bekov", "enko", "ovich", "evich", "ов", "ова", "ев", "ева", "улы", "кызы", "енко"]

    static func hasStrongSurnameEnding(_ w: String, characters: Int? = nil) -> Bool {
        guard (characters ?? w.count) >= 6 else { return false }
        return endsWithOne(w, strongEndings, minimumCharacters: 0)
    }

    static func hasSurnameEnding(_ w: String, characters: Int? = nil) -> Bool {
        let chars = characters ?? w.count
        guard chars >= 4 else { return false }
        // The ending must leave more than one letter before it.
        return endsWithOne(w, surnameEndingTable, minimumCharacters: chars)
    }

    /// Endings as bytes, grouped by their last byte: a word is compared only with
    /// the endings that end like it (this runs for every distinct word).
    struct EndingTable: Sendable {
        var byLastByte: [[(bytes: [UInt8], characters: Int)]] = Array(repeating: [], count: 256)
        init(_ endings: [String]) {
            for e in endings { let b = Array(e.utf8); byLastByte[Int(b.last!)].append((b, e.count)) }
        }
    }

    private static let strongEndings = EndingTable(strongSurnameEndings)
    private static let surnameEndingTable = EndingTable(surnameEndings)

    /// Whether `w` ends with one of the table's endings; with `minimumCharacters`,
    /// only an ending that leaves more than one character before it counts.
    private static func endsWithOne(_ w: String, _ table: EndingTable, minimumCharacters chars: Int) -> Bool {
        var w = w
        return w.withUTF8 { b in
            guard let last = b.last else { return false }
            for (e, n) in table.byLastByte[Int(last)] where e.count <= b.count && (chars == 0 || chars > n + 1) {
                var m = 0
                let off = b.count - e.count
                while m < e.count && b[off + m] == e[m] { m += 1 }
                if m == e.count { return true }
            }
            return false
        }
    }

    /// Capitalised words that are never part of a person's name.
    static let notNames: WordSet = {
        let words = """
        the a an in on at of for to and or but by with from as after before during since until about under over into \
        this that these those there their his her its our we they he she it i you who whom which what when where why how \
        according also however although while despite moreover furthermore meanwhile thus therefore then later earlier \
        previously subsequently currently now today yesterday initially finally nevertheless instead besides among between \
        january february march april may june july august september october november december jan feb mar apr jun jul aug \
        sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday \
        kazakhstan kazakhstani kazakh kazakhs russia russian uzbekistan uzbek kyrgyzstan kyrgyz tajikistan tajik turkmenistan \
        turkmen china chinese ukraine ukrainian belarus lithuania lithuanian poland polish belgium belgian france french \
        germany german italy italian spain austria hungary hungarian turkey turkish georgia armenia europe european eu \
        usa us america american britain british uk sweden switzerland swiss norway canada australia israel \
        almaty astana nur-sultan aktau aktobe atyrau taraz shymkent karaganda kostanay kostanai pavlodar semey uralsk oral \
        zhanaozen kyzylorda petropavlovsk taldykorgan kokshetau ridder balkhash arkalyk mangistau akmola xinjiang \
        brussels warsaw kyiv moscow tashkent bishkek dushanbe vilnius geneva strasbourg vienna london paris \
        president minister ministry court judge prosecutor office police committee council parliament senate mazhilis \
        government state republic national security service agency department bureau foundation movement party union \
        association organisation organization group commission commissioner rapporteur special working un osce pace \
        interpol criminal code article articles art part section law charge charges case cases decision resolution \
        chairman chairperson chair head director deputy secretary general colonel major lieutenant officer investigator \
        mp mps mep meps ambassador ombudsman ombudsperson akim mayor governor senator spokesperson spokesman \
        democratic choice human rights defenders watch amnesty international freedom house radio free liberty azattyq \
        azattyk reuters photo source sources report summary introduction conclusions recommendations annex table \
        mr mrs ms dr sir madam saint st north south east west central region district city oblast village street \
        facebook instagram telegram youtube twitter tiktok whatsapp vkontakte google \
        alga koshe partiyasy dck atazhurt bostandyq veritas qaharman elimay feminita femina virtute \
        muslim christian orthodox allah god jihad \
        charges sentenced convicted detained arrested released charged accused prosecuted persecuted political prisoners \
        prisoner activist activists journalist journalists blogger bloggers lawyer lawyers defender activists civil civic \
        supreme appeal appellate district regional city inter-district specialised specialized military \
        high new old great free open international independent public private social economic company seven several \
        ранее позднее позже также однако кроме после перед сегодня вчера сейчас теперь между затем потом тогда \
        впоследствии напомним известно сотрудники сотрудник представители сторонники родственники власти \
        суд суда суде следствие прокуратура полиция милиция защита адвокаты журналисты активисты правозащитники \
        по в на с к о от за из при для его её ее их он она они это этот эта эти там как когда где что кто все \
        всего около более менее вместе летом зимой весной осенью утром вечером ночью мвд кнб гкнб фсб сизо \
        генпрокуратура верховный районный городской областной министерство комитет служба управление департамент \
        против согласно несмотря благодаря вопреки помимо среди возле ради вместо защиту обвинение обвинения следователи \
        по-прежнему впрочем кстати поэтому потому также
        """
        return WordSet(words.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))
    }()

    /// Words after a surname that say "son of" / "daughter of" (Kyrgyz, Kazakh, Uzbek,
    /// Azerbaijani): part of the surname ("Tazhibek kyzy").
    static let patronymicWords: WordSet = ["kyzy", "kizi", "qizi", "uulu", "uly", "ogly", "oglu", "ugli", "o'g'li",
                                            "кызы", "уулу", "улы", "оглы", "кизи", "угли", "қызы", "ұлы"]

    /// Lower-case name particles kept inside a name ("Viola von Kramon-Taubadel").
    static let particles: WordSet = ["von", "van", "de", "del", "della", "di", "da", "du", "der", "den", "ter", "la", "le", "al", "el", "bin", "ibn", "dos"]

    /// Words before a name that make its bearer an official or another
    /// non-victim (nearest cue wins).
    static let officialCues: WordSet = [
        "president", "ex-president", "then-president", "minister", "judge", "prosecutor", "prosecutors", "investigator",
        "chairman", "chairwoman", "chairperson", "director", "head", "deputy", "senator", "ambassador", "ombudsman",
        "ombudsperson", "akim", "mayor", "governor", "spokesperson", "spokesman", "spokeswoman", "officer", "officers",
        "colonel", "commander", "secretary", "speaker", "premier", "prime", "commissioner", "official",
        "officials", "ministers", "mp", "mps", "mep", "meps", "parliamentarian", "parliamentarians", "rapporteur",
        "rapporteurs", "photo", "photos", "lawyer", "lawyers", "attorney", "advocate", "counsel", "wife", "husband",
        "banker", "envoy", "diplomat", "congressman", "congresswoman", "representative", "adviser", "advisor",
        "president’s", "deputies", "member", "members", "mobster",
        "президент", "министр", "судья", "судьи", "прокурор", "следователь", "председатель", "глава", "депутат", "аким",
        "посол", "омбудсмен", "адвокат", "адвоката", "юрист", "спикер", "заместитель", "начальник", "генерал",
        // Russian titles in the cases news puts them in.
        "президента", "президентом", "президенту", "министра", "министром", "министру", "замминистра", "вице-министр",
        "премьер-министр", "премьер-министра", "судьей", "судье", "прокурора", "прокурором", "прокурору", "генпрокурор",
        "генпрокурора", "следователя", "следователем", "следователю", "председателя", "председателем", "депутата",
        "депутатом", "акима", "посла", "начальника", "начальником", "руководитель", "руководителя", "руководителем",
        "спикера", "пресс-секретарь", "пресс-секретаря", "пресс-секретарем", "представитель", "представителя",
        "главы", "главой", "губернатор", "губернатора", "мэр", "мэра", "полковник", "полковника", "майор", "майора",
        "сотрудник", "сотрудника", "омбудсмена", "адвокатом", "адвокату", "жена", "жены", "жене", "мужа", "супруга", "супруги",
    ]

    /// Cues of `officialCues` that make their bearer "other" rather than an official
    /// (lawyers, relatives, foreign MPs, photo credits).
    static let otherCues: WordSet = [
        "photo", "photos", "lawyer", "lawyers", "attorney", "advocate", "counsel", "wife", "husband", "banker",
        "mep", "meps", "rapporteur", "rapporteurs", "adviser", "advisor", "member", "members",
        "адвокат", "адвоката", "адвокатом", "адвокату", "юрист", "жена", "жены", "жене", "мужа", "супруга", "супруги",
    ]

    /// Words before a name that make its bearer a victim of persecution.
    static let persecutedCues: WordSet = [
        "activist", "activists", "journalist", "journalists", "blogger", "bloggers", "prisoner", "prisoners", "defender",
        "defenders", "dissident", "poet", "oppositionist", "opposition", "politician", "pensioner", "leader", "leaders",
        "victim", "victims", "detainee", "detainees", "convict", "refugee", "refugees", "protester", "protesters",
        "businessman", "businesswoman", "entrepreneur", "philanthropist", "artist", "writer", "teacher", "doctor",
        "unionist", "worker", "workers", "imam", "believer", "researcher", "mother", "mothers", "seeker", "seekers",
        "asylum", "persecuted", "detained", "arrested", "sentenced", "convicted", "prosecuted", "defendant", "defendants",
        "editor", "reporter", "photographer", "cameraman", "economist", "scientist", "student", "farmer", "veteran",
        "политзаключенный", "политзаключенного", "политзаключённый", "активист", "активиста", "активистка", "журналист",
        "журналиста", "блогер", "блогера", "правозащитник", "правозащитника", "правозащитница", "оппозиционер", "пенсионер",
        // Russian descriptions in the cases news puts them in.
        "активистку", "активистки", "активисту", "активистом", "активистов", "журналистку", "журналистки", "журналисту",
        "журналистом", "журналистов", "блогеру", "блогером", "блогеров", "блогершу", "блогерши", "правозащитницу",
        "правозащитницы", "правозащитнику", "правозащитником", "правозащитников", "оппозиционера", "оппозиционеру",
        "оппозиционером", "оппозиционерку", "политика", "политику", "политиком", "поэта", "поэтессу", "писателя",
        "писательницу", "пенсионера", "пенсионерку", "предпринимателя", "бизнесмена", "лидера", "лидеру", "участника",
        "участницу", "задержанного", "задержанную", "осужденного", "осужденную", "обвиняемого", "обвиняемую",
        "фигуранта", "фигурантку", "политзаключенную", "политзаключенных", "узника", "узницу", "гражданина", "гражданку",
    ]

    /// Words anywhere in a sentence that speak of persecution.
    static let persecutionStems: [String] = [
        "persecut", "prosecut", "detain", "detention", "arrest", "sentenc", "convict", "imprison", "prison", "charged",
        "charges", "accus", "tortur", "jail", "custody", "victim", "political prisoner", "extradit", "asylum", "exile",
        "harass", "intimidat", "searched", "fined", "suspect", "investigat", "repress", "refugee", "fled", "kidnap",
        "abduct", "pressure", "criminal case", "released", "activist", "journalist", "blogger", "defender", "dissident",
        "преслед", "задерж", "арест", "осужд", "приговор", "обвин", "заключ", "пыт", "политзаключ", "штраф",
        "уголовн", "активист", "журналист", "правозащит", "оштраф",
    ]
}

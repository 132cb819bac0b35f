package entity

import "strings"

// Small hand-written word lists used as recognizer features (not as
// answers): they tell the model that a word is a known country, city,
// first name, title, organization suffix or nationality, which helps on
// names the training data never saw. Lowercase, one entry per phrase.

const countriesList = `afghanistan albania algeria angola argentina armenia australia austria azerbaijan
bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria burundi cambodia cameroon canada chad chile china
colombia congo croatia cuba cyprus czech_republic denmark ecuador egypt eritrea estonia ethiopia finland france
gabon georgia germany ghana greece guatemala guinea haiti honduras hungary iceland india indonesia iran iraq
ireland israel italy jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon liberia
libya lithuania luxembourg macedonia madagascar malawi malaysia mali malta mexico moldova mongolia montenegro
morocco mozambique myanmar burma namibia nepal netherlands holland new_zealand nicaragua niger nigeria north_korea
norway oman pakistan palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda
saudi_arabia senegal serbia sierra_leone singapore slovakia slovenia somalia south_africa south_korea spain
sri_lanka sudan south_sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey
turkmenistan uganda ukraine united_arab_emirates uae united_kingdom britain great_britain england scotland wales
united_states america usa u.s. u.k. uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe crimea chechnya
kurdistan donbass donbas gaza west_bank tibet yugoslavia zaire europe asia africa antarctica australasia`

const citiesList = `london paris berlin moscow kiev kyiv washington new_york los_angeles chicago boston beijing shanghai
tokyo seoul delhi new_delhi mumbai bombay karachi islamabad kabul tehran baghdad damascus aleppo homs raqqa idlib
palmyra beirut amman cairo jerusalem tel_aviv riyadh dubai doha ankara istanbul athens rome milan madrid barcelona
lisbon brussels amsterdam the_hague geneva zurich vienna prague warsaw budapest bucharest sofia belgrade zagreb
sarajevo minsk vilnius riga tallinn helsinki stockholm oslo copenhagen dublin edinburgh manchester liverpool
birmingham frankfurt munich hamburg bonn lyon marseille nice toulouse strasbourg st_petersburg saint_petersburg
donetsk lugansk luhansk kharkiv kharkov odessa sevastopol simferopol grozny tbilisi yerevan baku astana almaty
tashkent bishkek hong_kong taipei manila jakarta bangkok hanoi singapore kuala_lumpur sydney melbourne canberra
toronto montreal ottawa vancouver mexico_city havana caracas bogota lima santiago buenos_aires sao_paulo
rio_de_janeiro brasilia nairobi lagos abuja johannesburg cape_town pretoria addis_ababa khartoum tripoli tunis
algiers rabat casablanca kinshasa harare mogadishu sanaa aden mosul kirkuk basra fallujah ramadi kandahar lahore
dhaka colombo kathmandu sochi kazan vladivostok novosibirsk yekaterinburg miami houston dallas atlanta seattle
san_francisco philadelphia detroit denver wellington auckland`

const firstNamesList = `james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander
patrick jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter harold jeremy ethan
carl keith roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan billy jordan albert dylan
bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny bradley
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra ashley
dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen
amy shirley angela helen anna brenda pamela nicole samantha katherine emma ruth christine catherine debra rachel
carolyn janet virginia maria heather diane julie joyce victoria kelly christina joan evelyn lauren judith olivia
martha cheryl megan andrea hannah jacqueline ann jean alice kathryn gloria teresa doris sara janice julia marie
madison grace judy theresa beverly denise marilyn amber danielle rose brittany diana abigail jane natalie lori
hillary barack vladimir sergei sergey dmitry dmitri mikhail boris igor ivan nikolai alexei alexey andrei yuri viktor
vladislav oleg pavel petro petr arseniy arseny yulia yevgeny evgeny maxim anatoly gennady valentina tatiana olga
natalia svetlana irina angela francois jacques nicolas emmanuel jean pierre helmut gerhard wolfgang frank-walter
angelo giuseppe matteo silvio recep ahmet bashar hafez hassan hosni mohammed mohamed muhammad ahmed ali omar abdullah
abu ibrahim khalid hamid ayatollah ali akbar hassan javad benjamin shimon yitzhak ariel ehud mahmoud yasser
xi li wang zhang shinzo narendra nelson kofi ban antonio ban-ki ki-moon theresa tony gordon david boris nigel
jeremy francoise ursula federica jens jose-manuel manuel carlos luis miguel pedro fernando jorge ricardo rafael
hugo nicolas evo dilma lula cristina mauricio justin stephen kim moon rex mike nikki samantha susan condoleezza
colin madeleine warren bernie ted marco jeb rand ben chris`

const titlesList = `mr mr. mrs mrs. ms ms. dr dr. prof prof. sir lord lady president vice_president prime_minister
premier chancellor minister secretary foreign_minister defence_minister defense_minister secretary_of_state
spokesman spokeswoman spokesperson ambassador envoy senator sen. rep. representative governor gov. mayor king
queen prince princess pope cardinal bishop rev. reverend general gen. colonel col. lieutenant captain capt. major
sergeant admiral commander chief chairman chairwoman director leader coach manager striker midfielder defender
goalkeeper judge justice sheikh emir sultan ayatollah imam deputy aide advisor adviser councillor mp president-elect`

const orgSuffixList = `inc inc. corp corp. corporation co co. company ltd ltd. plc llc ag gmbh sa s.a. nv n.v. bv group
holdings bank party ministry department council union association federation committee commission agency
institute university college school club fc united city rovers athletic county wanderers rangers society
foundation organisation organization authority board court army navy force forces front brigade brigades
movement network news times post journal press service services airlines airways motors industries
international systems technologies securities exchange fund trust league assembly parliament congress senate
government administration office bureau jabhat harakat hizb hezb ansar`

const nationalityList = `american british english french german russian chinese japanese italian spanish
portuguese dutch belgian swiss austrian polish czech hungarian romanian bulgarian serbian croatian greek turkish
syrian iraqi iranian israeli palestinian lebanese jordanian egyptian saudi libyan tunisian algerian moroccan
afghan pakistani indian bangladeshi sri_lankan nepalese korean vietnamese thai indonesian malaysian filipino
australian canadian mexican brazilian argentine argentinian chilean colombian peruvian venezuelan cuban
ukrainian belarusian georgian armenian azerbaijani kazakh uzbek chechen kurdish arab arabic muslim christian
jewish sunni shia shi'ite shiite catholic orthodox european african asian western soviet nigerian kenyan
ethiopian somali sudanese south_african zimbabwean norwegian swedish danish finnish irish scottish welsh
icelandic estonian latvian lithuanian slovak slovenian bosnian albanian macedonian montenegrin moldovan
russian-american euro olympic`

const timeWordsList = `monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug.
sep sep. sept sept. oct oct. nov nov. dec dec. today yesterday tomorrow`

// lexicon maps a lowercase phrase (words joined by one space) to a bitmask
// of lexLists it belongs to.
type lexicon map[string]uint8

const (
	lexCountry = 1 << iota
	lexCity
	lexFirst
	lexTitle
	lexOrgSuffix
	lexNationality
	lexTime
)

var lexNames = [...]string{"country", "city", "first", "title", "orgsfx", "nat", "time"}

func buildLexicon() lexicon {
	lx := lexicon{}
	for i, list := range []string{countriesList, citiesList, firstNamesList, titlesList, orgSuffixList, nationalityList, timeWordsList} {
		for _, w := range strings.Fields(list) {
			lx[strings.ReplaceAll(w, "_", " ")] |= 1 << i
		}
	}
	return lx
}

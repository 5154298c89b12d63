import { FitType, GarmentType, Gender, SizeSystem, Sport } from '../common/enums';
import { SeededRandom } from '../common/random';
import { ALPHA_SIZES, EU_SHOE_SIZES, footLengthRangeForEu } from '../catalog/default-size-charts';
import { FIT_EASE_CM } from '../catalog/fit-ease';
import type { ProductFields } from '../catalog/product.entity';
import { inStoreGtin13 } from '../catalog/gtin';
import type { GarmentMeasurements } from '../catalog/variant.entity';

/** A product of the demo retailer, before it has database ids. */
export interface DemoProduct extends ProductFields {
  variants: DemoVariant[];
}

export interface DemoVariant {
  sizeLabel: string;
  sizeSystem: SizeSystem;
  sizeRank: number;
  colour: string;
  barcode: string;
  garmentMeasurements: GarmentMeasurements;
}

interface Template {
  noun: string;
  garmentType: GarmentType;
  category: string;
  price: [number, number];
  fits: FitType[];
  material: string;
  tags: string[];
}

/** What each sport's range is made of. Category paths are stable, lower-case slugs. */
const TEMPLATES: Record<Sport, Template[]> = {
  [Sport.RUNNING]: [
    { noun: 'Running T-Shirt', garmentType: GarmentType.TOP, category: 'apparel/tops/t-shirts', price: [2499, 4499], fits: [FitType.SLIM, FitType.REGULAR], material: 'recycled polyester', tags: ['breathable'] },
    { noun: 'Long-Sleeve Running Top', garmentType: GarmentType.TOP, category: 'apparel/tops/long-sleeves', price: [3499, 5999], fits: [FitType.SLIM, FitType.REGULAR], material: 'merino blend', tags: ['thermal'] },
    { noun: 'Running Shorts', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/shorts', price: [2499, 4999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'nylon stretch', tags: ['lightweight'] },
    { noun: 'Running Tights', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/tights', price: [3999, 7999], fits: [FitType.SLIM], material: 'elastane blend', tags: ['compression'] },
    { noun: 'Running Jacket', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/jackets', price: [6999, 14999], fits: [FitType.SLIM, FitType.REGULAR], material: 'ripstop nylon', tags: ['windproof', 'reflective'] },
    { noun: 'Road Running Shoe', garmentType: GarmentType.SHOES, category: 'footwear/running-shoes', price: [8999, 17999], fits: [FitType.REGULAR], material: 'engineered mesh', tags: ['cushioned'] },
    { noun: 'Trail Running Shoe', garmentType: GarmentType.SHOES, category: 'footwear/trail-shoes', price: [10999, 18999], fits: [FitType.REGULAR], material: 'mesh with TPU overlays', tags: ['grip'] },
  ],
  [Sport.FOOTBALL]: [
    { noun: 'Football Jersey', garmentType: GarmentType.TOP, category: 'apparel/tops/jerseys', price: [2999, 8999], fits: [FitType.SLIM, FitType.REGULAR], material: 'polyester piqué', tags: ['team'] },
    { noun: 'Training Top', garmentType: GarmentType.TOP, category: 'apparel/tops/long-sleeves', price: [3499, 5999], fits: [FitType.SLIM, FitType.REGULAR], material: 'polyester', tags: ['quarter-zip'] },
    { noun: 'Football Shorts', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/shorts', price: [1999, 3999], fits: [FitType.REGULAR], material: 'polyester', tags: ['team'] },
    { noun: 'Track Pants', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/pants', price: [3999, 6999], fits: [FitType.SLIM, FitType.REGULAR], material: 'double knit', tags: ['tapered'] },
    { noun: 'Rain Jacket', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/jackets', price: [5999, 9999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'coated polyester', tags: ['waterproof'] },
    { noun: 'Firm Ground Boot', garmentType: GarmentType.SHOES, category: 'footwear/football-boots', price: [5999, 24999], fits: [FitType.SLIM, FitType.REGULAR], material: 'synthetic upper', tags: ['FG'] },
    { noun: 'Indoor Football Shoe', garmentType: GarmentType.SHOES, category: 'footwear/indoor-shoes', price: [4999, 9999], fits: [FitType.REGULAR], material: 'suede and mesh', tags: ['IN'] },
  ],
  [Sport.TRAINING]: [
    { noun: 'Training Tee', garmentType: GarmentType.TOP, category: 'apparel/tops/t-shirts', price: [1999, 3999], fits: [FitType.SLIM, FitType.REGULAR, FitType.RELAXED], material: 'cotton-poly blend', tags: ['gym'] },
    { noun: 'Tank Top', garmentType: GarmentType.TOP, category: 'apparel/tops/tanks', price: [1799, 3499], fits: [FitType.REGULAR, FitType.RELAXED], material: 'polyester mesh', tags: ['gym'] },
    { noun: 'Training Shorts', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/shorts', price: [2499, 4499], fits: [FitType.REGULAR], material: 'woven stretch', tags: ['gym'] },
    { noun: 'Joggers', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/pants', price: [3999, 6999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'brushed fleece', tags: ['lounge'] },
    { noun: 'Training Hoodie', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/hoodies', price: [4999, 8999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'cotton fleece', tags: ['warm'] },
    { noun: 'Cross-Training Shoe', garmentType: GarmentType.SHOES, category: 'footwear/training-shoes', price: [7999, 13999], fits: [FitType.REGULAR], material: 'knit upper', tags: ['stable'] },
  ],
  [Sport.OUTDOOR]: [
    { noun: 'Hiking Shirt', garmentType: GarmentType.TOP, category: 'apparel/tops/shirts', price: [3999, 6999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'quick-dry nylon', tags: ['UPF 50'] },
    { noun: 'Merino Base Layer', garmentType: GarmentType.TOP, category: 'apparel/tops/base-layers', price: [5999, 9999], fits: [FitType.SLIM], material: 'merino wool', tags: ['thermal'] },
    { noun: 'Hiking Pants', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/pants', price: [5999, 11999], fits: [FitType.REGULAR, FitType.RELAXED], material: 'softshell', tags: ['water-repellent'] },
    { noun: 'Fleece Jacket', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/fleece', price: [4999, 9999], fits: [FitType.REGULAR], material: 'recycled fleece', tags: ['warm'] },
    { noun: 'Hardshell Jacket', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/jackets', price: [14999, 39999], fits: [FitType.REGULAR, FitType.RELAXED], material: '3-layer membrane', tags: ['waterproof', 'breathable'] },
    { noun: 'Hiking Boot', garmentType: GarmentType.SHOES, category: 'footwear/hiking-boots', price: [11999, 24999], fits: [FitType.REGULAR], material: 'nubuck leather', tags: ['waterproof'] },
    { noun: 'Approach Shoe', garmentType: GarmentType.SHOES, category: 'footwear/hiking-shoes', price: [9999, 15999], fits: [FitType.SLIM, FitType.REGULAR], material: 'suede', tags: ['grip'] },
  ],
  [Sport.SKI]: [
    { noun: 'Ski Base Layer Top', garmentType: GarmentType.TOP, category: 'apparel/tops/base-layers', price: [3999, 7999], fits: [FitType.SLIM], material: 'merino blend', tags: ['thermal'] },
    { noun: 'Midlayer Zip Top', garmentType: GarmentType.TOP, category: 'apparel/tops/midlayers', price: [5999, 9999], fits: [FitType.SLIM, FitType.REGULAR], material: 'grid fleece', tags: ['warm'] },
    { noun: 'Ski Pants', garmentType: GarmentType.BOTTOM, category: 'apparel/bottoms/ski-pants', price: [9999, 29999], fits: [FitType.REGULAR, FitType.RELAXED], material: '2-layer membrane', tags: ['waterproof', 'insulated'] },
    { noun: 'Ski Jacket', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/ski-jackets', price: [14999, 49999], fits: [FitType.REGULAR, FitType.RELAXED], material: '2-layer membrane', tags: ['waterproof', 'insulated'] },
    { noun: 'Insulated Vest', garmentType: GarmentType.OUTERWEAR, category: 'apparel/outerwear/vests', price: [6999, 12999], fits: [FitType.SLIM, FitType.REGULAR], material: 'synthetic insulation', tags: ['packable'] },
    { noun: 'Après-Ski Boot', garmentType: GarmentType.SHOES, category: 'footwear/winter-boots', price: [8999, 16999], fits: [FitType.RELAXED], material: 'waterproof nylon', tags: ['warm'] },
  ],
};

/** Fictional brands with the sports they make. */
export const DEMO_BRANDS: { name: string; sports: Sport[]; premium: number }[] = [
  { name: 'Stridex', sports: [Sport.RUNNING, Sport.TRAINING], premium: 0.6 },
  { name: 'Kinetic', sports: [Sport.RUNNING, Sport.FOOTBALL, Sport.TRAINING], premium: 0.5 },
  { name: 'Alpenwerk', sports: [Sport.OUTDOOR, Sport.SKI], premium: 0.8 },
  { name: 'Goalline', sports: [Sport.FOOTBALL, Sport.TRAINING], premium: 0.4 },
  { name: 'Northpeak', sports: [Sport.OUTDOOR, Sport.SKI, Sport.RUNNING], premium: 0.7 },
  { name: 'Velora', sports: [Sport.RUNNING, Sport.TRAINING], premium: 0.55 },
  { name: 'Trailhead', sports: [Sport.OUTDOOR, Sport.RUNNING], premium: 0.45 },
  { name: 'Forma', sports: [Sport.TRAINING, Sport.FOOTBALL], premium: 0.3 },
  { name: 'Pulse Athletics', sports: [Sport.RUNNING, Sport.FOOTBALL], premium: 0.35 },
  { name: 'Glacier', sports: [Sport.SKI, Sport.OUTDOOR], premium: 0.65 },
  { name: 'Arcadia Sport', sports: [Sport.TRAINING, Sport.OUTDOOR, Sport.FOOTBALL], premium: 0.2 },
  { name: 'Summit & Co', sports: [Sport.SKI, Sport.OUTDOOR], premium: 0.9 },
];

const LINE_NAMES = ['Aero', 'Pace', 'Core', 'Flow', 'Edge', 'Pro', 'Essential', 'Tempo', 'Vista', 'Ridge', 'Nova', 'Drift', 'Apex', 'Origin', 'Volt', 'Crest'];
const COLOURS = ['Black', 'Navy', 'White', 'Grey', 'Red', 'Royal Blue', 'Forest Green', 'Orange', 'Teal', 'Burgundy', 'Sand', 'Lime'];


const MID = (range: [number, number]) => (range[0] + range[1]) / 2;

function garmentMeasurements(gender: Gender, garmentType: GarmentType, fitType: FitType, sizeRank: number): GarmentMeasurements {
  const women = gender === Gender.WOMEN;
  const chest = women ? [79, 85, 92, 100, 108, 118] : [85, 92, 100, 108, 118, 130];
  const waist = women ? [63, 69, 76, 84, 92, 102] : [69, 76, 84, 92, 102, 114];
  const hip = women ? [87, 93, 100, 108, 116, 124] : [87, 94, 102, 110, 118, 126];
  const ease = FIT_EASE_CM[fitType];
  switch (garmentType) {
    case GarmentType.TOP:
    case GarmentType.OUTERWEAR: {
      const extra = garmentType === GarmentType.OUTERWEAR ? 6 : 0;
      return {
        chestCm: chest[sizeRank] + ease + extra,
        waistCm: waist[sizeRank] + ease + extra,
        lengthCm: (women ? 60 : 68) + sizeRank * 2 + extra / 2,
        sleeveCm: (women ? 58 : 62) + sizeRank * 1.5,
      };
    }
    case GarmentType.BOTTOM:
      return { waistCm: waist[sizeRank] + Math.round(ease / 4), hipCm: hip[sizeRank] + ease, inseamCm: (women ? 74 : 80) + sizeRank };
    case GarmentType.SHOES:
      return {};
  }
}

/**
 * The demo retailer's catalogue: deterministic for a seed. Every sport x template is made by several
 * brands in several genders, so there are ~350 products, each in 2-3 colours and a full size run.
 */
export function generateDemoCatalog(seed = 20261122): DemoProduct[] {
  const rnd = new SeededRandom(seed);
  const products: DemoProduct[] = [];
  let barcodeSeq = 1000;
  for (const sport of Object.values(Sport)) {
    const brands = DEMO_BRANDS.filter((b) => b.sports.includes(sport));
    for (const template of TEMPLATES[sport]) {
      for (const brand of brands) {
        const genders = template.garmentType === GarmentType.SHOES && rnd.chance(0.3) ? [Gender.UNISEX] : [Gender.MEN, Gender.WOMEN];
        for (const gender of genders) {
          if (rnd.chance(0.04)) continue; // not every brand makes every piece for everyone
          const line = rnd.pick(LINE_NAMES);
          const fitType = rnd.pick(template.fits);
          const [lo, hi] = template.price;
          const priceMinor = Math.round((lo + (hi - lo) * Math.min(1, Math.max(0, brand.premium + rnd.normal(0, 0.15)))) / 100) * 100 - 1;
          const genderWord = gender === Gender.MEN ? "Men's" : gender === Gender.WOMEN ? "Women's" : 'Unisex';
          const sku = `${brand.name.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase()}-${sport.slice(0, 3)}-${String(products.length + 1).padStart(4, '0')}`;
          const colours = rnd.shuffle([...COLOURS]).slice(0, rnd.int(2, 3));
          const variants: DemoVariant[] = [];
          for (const colour of colours) {
            if (template.garmentType === GarmentType.SHOES) {
              const sizes = EU_SHOE_SIZES.filter((s) => (gender === Gender.WOMEN ? s <= 43 : gender === Gender.MEN ? s >= 39 : true));
              for (const eu of sizes) {
                variants.push({
                  sizeLabel: String(eu),
                  sizeSystem: SizeSystem.EU_SHOE,
                  sizeRank: eu,
                  colour,
                  barcode: inStoreGtin13(barcodeSeq++),
                  garmentMeasurements: { footLengthMm: Math.round(MID(footLengthRangeForEu(eu))) + 15 },
                });
              }
            } else {
              ALPHA_SIZES.forEach((size, rank) => {
                variants.push({
                  sizeLabel: size,
                  sizeSystem: SizeSystem.ALPHA,
                  sizeRank: rank,
                  colour,
                  barcode: inStoreGtin13(barcodeSeq++),
                  garmentMeasurements: garmentMeasurements(gender, template.garmentType, fitType, rank),
                });
              });
            }
          }
          products.push({
            sku,
            name: `${brand.name} ${line} ${genderWord} ${template.noun}`,
            brand: brand.name,
            categoryPath: template.category,
            garmentType: template.garmentType,
            gender,
            sport,
            fitType,
            priceMinor,
            currency: 'EUR',
            description: `${fitType.toLowerCase()} fit ${template.noun.toLowerCase()} for ${sport.toLowerCase()}, made of ${template.material}.`,
            attributes: { material: template.material, weightGrams: rnd.int(120, 900) },
            tags: [...template.tags, line.toLowerCase()],
            variants,
          });
        }
      }
    }
  }
  return products;
}
